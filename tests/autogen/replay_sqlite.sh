#!/usr/bin/env bash
# tests/autogen/replay_sqlite.sh MIG_SO VERSIONS_DIR... -- autogenerate
# replays real histories on SQLite: for each linear history, the schema
# after each revision (SQLite's own CREATE text) is the target of a
# mig_autogenerate run on a copy of the database, rows included, as it
# was one revision earlier.  The generated script must upgrade it to a
# schema mig_check finds equal, keep the rows of the tables that stay,
# and downgrade it back to a schema equal to the earlier one.
#
#   bash tests/autogen/replay_sqlite.sh ./mig.so examples/catalog/versions tests/cross/rebuild/versions
set -euo pipefail
export LC_ALL=C
if [ $# -lt 2 ]; then
    echo "usage: $0 MIG_SO VERSIONS_DIR..." >&2
    exit 2
fi
so=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
so=${so%.so}
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-autogen-replay.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

sq() {
    local db=$1
    shift
    env ${MIG_PRELOAD:+LD_PRELOAD="$MIG_PRELOAD"} sqlite3 -bail -batch -noheader -list \
        -cmd ".load $so" -cmd "PRAGMA foreign_keys = ON;" "$db" "$@"
}

# The application's schema as CREATE statements, in creation order.
dump_schema() {
    sq "$1" "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL
               AND name NOT LIKE 'sqlite\_%' ESCAPE '\\'
               AND tbl_name NOT IN ('alembic_version', 'mig_revision', 'mig_log', 'mig_snapshot')
             ORDER BY rowid;"
}

# Row counts of the application's tables.
counts() {
    local q
    q=$(sq "$1" "SELECT group_concat('SELECT ' || quote(name) || ', count(*) FROM \"' ||
                     replace(name, '\"', '\"\"') || '\"', ' UNION ALL ') FROM sqlite_schema
                  WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\\'
                    AND name NOT IN ('alembic_version', 'mig_revision', 'mig_log', 'mig_snapshot');")
    [ -z "$q" ] || sq "$1" "$q ORDER BY 1;"
}

# step BEFORE_DB: the round trip on one database; sets why on failure.
step() {
    local db=$1
    why=""
    counts "$db" >"$h/counts.before"
    if ! sq "$db" "SELECT writefile('$h/gen.sql', mig_autogenerate('replay $r', readfile('$h/to.sql')));" \
            "SELECT mig_register(readfile('$h/gen.sql'));" "SELECT mig_upgrade('head');" >"$h/out" 2>&1; then
        why="autogenerate, register or upgrade failed: $(cat "$h/out")"
    elif [ -n "$(sq "$db" "SELECT mig_check(readfile('$h/to.sql'));")" ]; then
        why="after the upgrade: $(sq "$db" "SELECT mig_check(readfile('$h/to.sql'));")"
    elif [ "$(sq "$db" "PRAGMA foreign_key_check;" "PRAGMA integrity_check;")" != ok ]; then
        why="foreign_key_check or integrity_check after the upgrade"
    else
        counts "$db" >"$h/counts.after"
        lost=$(join -t '|' "$h/counts.before" "$h/counts.after" | awk -F'|' '$2 != $3')
        if [ -n "$lost" ]; then
            why="rows changed in tables that stay: $lost"
        elif ! sq "$db" "SELECT mig_downgrade('base');" >"$h/out" 2>&1; then
            why="downgrade failed: $(cat "$h/out")"
        elif sq "$db" "SELECT mig_check(readfile('$h/from.sql'));" | grep -qv '^pending revision '; then
            why="after the downgrade: $(sq "$db" "SELECT mig_check(readfile('$h/from.sql'));")"
        fi
    fi
}

for dir in "$@"; do
    dir=$(cd "$dir" && pwd)
    name=$(basename "$(dirname "$dir")")
    h="$tmp/$name"
    mkdir -p "$h"
    sq "$h/history.db" "SELECT mig_register_dir('$dir');" >/dev/null
    revs=$(sq "$h/history.db" "SELECT revision FROM mig_history;" | tac)
    prev=""
    for r in $revs; do
        # the database one revision earlier (rows included), without
        # mig's state: the history is what is being generated anew
        rm -f "$h/before.db"
        if [ -n "$prev" ]; then
            cp "$h/history.db" "$h/before.db"
        else
            sq "$h/before.db" "SELECT 1;" >/dev/null
        fi
        sq "$h/before.db" "DROP TABLE IF EXISTS mig_revision;" "DROP TABLE IF EXISTS mig_log;" \
            "DROP TABLE IF EXISTS alembic_version;"
        cp "$h/before.db" "$h/empty.db"
        dump_schema "$h/before.db" >"$h/from.sql"
        sq "$h/history.db" "SELECT mig_upgrade('$r');" >/dev/null
        dump_schema "$h/history.db" >"$h/to.sql"
        what="$name revision $r"
        step "$h/before.db"
        note=""
        if [ -n "$why" ] && grep -q 'REVIEW: a NOT NULL column without a DEFAULT' "$h/gen.sql"; then
            # the script said a human must fill the column (the revision
            # is a data migration): the schema's round trip without rows
            note=" (without rows: the script says a NOT NULL column needs a human)"
            sq "$h/empty.db" "SELECT 1;" >/dev/null
            for t in $(sq "$h/empty.db" "SELECT name FROM sqlite_schema WHERE type = 'table'
                                          AND name NOT LIKE 'sqlite\_%' ESCAPE '\\';"); do
                sq "$h/empty.db" "PRAGMA foreign_keys = OFF;" "DELETE FROM \"$t\";"
            done
            step "$h/empty.db"
        fi
        if [ -z "$why" ]; then
            echo "PASS $what$note"
            pass=$((pass + 1))
        else
            echo "FAIL $what: $why"
            sed 's/^/    | /' "$h/gen.sql" 2>/dev/null || true
            fail=$((fail + 1))
        fi
        prev=$r
    done
done
echo "== autogen replays on SQLite: $pass passed, $fail failed"
[ "$fail" = 0 ]
