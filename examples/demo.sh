#!/bin/sh
# make demo: the catalog history of examples/catalog on SQLite, step by
# step, through the sqlite3 shell and mig.so, as a user would type it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p build
db=build/demo.db
rm -f "$db"

if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold=; plain=; fi

step() {
    printf '\n%s-- %s%s\n' "$bold" "$1" "$plain"
    shift
    for sql in "$@"; do
        printf 'sqlite> %s\n' "$sql"
        sqlite3 -batch -box "$db" ".load ./mig" "$sql"
    done
}

echo "mig demo: the catalog history on SQLite $(sqlite3 -version | cut -d' ' -f1), database $db"
step "register every script of the directory (all or nothing)" \
     "SELECT mig_register_dir('examples/catalog/versions') AS registered;"
step "what is registered, newest first; nothing applied yet" \
     "SELECT revision, down_revision, message, is_head, is_applied FROM mig_history;"
step "upgrade to head: every revision in one transaction" \
     "SELECT mig_upgrade('head');"
step "the data migrations moved real rows: server was split into scheme and netloc, project became a tag" \
     "SELECT url_scheme, url_netloc, count(*) AS copies FROM storage_location GROUP BY 1, 2;" \
     "SELECT * FROM tag;" \
     "SELECT * FROM holding_summary;"
step "where the database is, exactly as Alembic keeps it" \
     "SELECT mig_current();" \
     "SELECT * FROM alembic_version;"
step "downgrade to before the url split: the downgrade sections run from the database, no files needed" \
     "SELECT mig_downgrade('9793c41fcfbe');" \
     "SELECT id, server, object_name FROM storage_location LIMIT 3;" \
     "SELECT revision, is_applied FROM mig_history;"
step "a bad target changes nothing and says why" \
     "SELECT mig_upgrade('4c15+5');" \
     || true
step "what an upgrade would run, without running it (offline SQL)" \
     "SELECT mig_sql('upgrade', '+1');"
step "upgrade again, and the log of everything that ran" \
     "SELECT mig_upgrade('head');" \
     "SELECT id, revision, direction, round(duration_ms, 1) AS ms FROM mig_log ORDER BY id;"
step "the database is sound" \
     "PRAGMA integrity_check;" \
     "PRAGMA foreign_key_check;"
printf '\nDone. Open it yourself:  sqlite3 %s  then  .load ./mig\n' "$db"
