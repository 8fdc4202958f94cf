#!/bin/sh
# make demo: the catalog and monitoring histories of examples/ on SQLite,
# step by step, through the sqlite3 shell and mig.so, as a user would type
# it: two databases (demo.db, and demo_monitor.db attached as monitor)
# migrated together.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p build
db=build/demo.db
mon=build/demo_monitor.db
rm -f "$db" "$mon"

if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold=; plain=; fi

step() {
    printf '\n%s-- %s%s\n' "$bold" "$1" "$plain"
    shift
    for sql in "$@"; do
        printf 'sqlite> %s\n' "$sql"
        sqlite3 -batch -box "$db" ".load ./mig" "ATTACH '$mon' AS monitor;" "$sql"
    done
}

echo "mig demo: the catalog and monitoring histories on SQLite $(sqlite3 -version | cut -d' ' -f1)"
echo "databases: $db (main) and $mon (each command below runs after ATTACH '$mon' AS monitor;)"
step "register every script of both directories (each all or nothing); monitor's scripts say -- mig:database monitor" \
     "SELECT mig_register_dir('examples/catalog/versions') + mig_register_dir('examples/monitor/versions') AS registered;"
step "what is registered, newest first; nothing applied yet; one head per database" \
     "SELECT revision, down_revision, database, message, is_head, is_applied FROM mig_history;" \
     "SELECT mig_heads();"
step "upgrade both databases to their heads: every revision, one transaction, one commit" \
     "SELECT mig_upgrade('heads');"
step "each database keeps its own alembic_version, exactly as Alembic keeps it" \
     "SELECT 'main' AS db, version_num FROM main.alembic_version UNION ALL SELECT 'monitor', version_num FROM monitor.alembic_version;"
step "in monitor.db two branches were merged and failed_file.reason split in two (a table rebuild, inside monitor.db)" \
     "SELECT reason_code, reason_text, count(*) AS files FROM monitor.failed_file GROUP BY 1, 2;" \
     "SELECT * FROM monitor.failure_summary;"
step "downgrade the monitoring database alone, by its branch label, then up again" \
     "SELECT mig_downgrade('monitor@base');" \
     "SELECT mig_current();" \
     "SELECT mig_upgrade('heads');"
step "the data migrations moved real rows: server was split into scheme and netloc, project became a tag" \
     "SELECT url_scheme, url_netloc, count(*) AS copies FROM storage_location GROUP BY 1, 2;" \
     "SELECT * FROM tag;" \
     "SELECT * FROM holding_summary;"
step "where the database is, exactly as Alembic keeps it" \
     "SELECT mig_current();" \
     "SELECT * FROM alembic_version;"
step "downgrade the catalog to before the url split: the downgrade sections run from the database, no files needed" \
     "SELECT mig_downgrade('9793c41fcfbe');" \
     "SELECT id, server, object_name FROM storage_location LIMIT 3;" \
     "SELECT revision, is_applied FROM mig_history;"
step "a bad target changes nothing and says why" \
     "SELECT mig_upgrade('4c15+5');" \
     || true
step "what an upgrade would run, without running it (offline SQL)" \
     "SELECT mig_sql('upgrade', '9793c41fcfbe+1');"
step "upgrade again, and the catalog's log of everything that ran in it" \
     "SELECT mig_upgrade('heads');" \
     "SELECT id, revision, direction, round(duration_ms, 1) AS ms FROM main.mig_log ORDER BY id;"
step "both databases are sound" \
     "PRAGMA main.integrity_check;" \
     "PRAGMA monitor.integrity_check;" \
     "PRAGMA foreign_key_check;"
printf "\nDone. Open it yourself:  sqlite3 %s  then  .load ./mig  and  ATTACH '%s' AS monitor;\n" "$db" "$mon"
printf 'The same on PostgreSQL (monitor as a schema):  psql -d mydb -v ON_ERROR_STOP=1 -f examples/demo.psql\n'
