#!/usr/bin/env bash
# tests/autogen/run_pg.sh -- the autogenerate round trip on PostgreSQL, for
# every pair of pairs/ meant for PostgreSQL (engines both|postgresql). The
# same protocol as run_sqlite.sh, through psql:
#
#   in database mig_autogen (dropped and created again here, with
#   CREATE SCHEMA mig; CREATE EXTENSION mig SCHEMA mig), for each pair:
#   schema app dropped and created again, mig's state emptied; with
#   search_path app,mig: run the "from" part (with its rows);
#   gen.sql = mig_autogenerate('pair NAME', to.sql); mig_register(gen.sql);
#   mig_upgrade('head');
#     mig_check(to.sql) IS NULL;
#     a second mig_autogenerate against to.sql has an empty upgrade section;
#   mig_downgrade('base');
#     mig_check(from without INSERTs) gives only "pending revision " lines;
#   and the row counts of the tables that both "from" and "to" have are
#   the same after the upgrade and after the downgrade as before.
#
#   PGHOST=... PGPORT=... PGUSER=... bash tests/autogen/run_pg.sh [PAIR_FILE...]
#
# The cluster must have the mig extension installed; the role must be able
# to create databases and the extension.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

if [ $# -eq 0 ]; then
    set -- "$here"/pairs/*.sql
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-autogen-pg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# pq [psql args]: on mig_autogen, search_path app,mig, stop at the first error.
pq() {
    PGOPTIONS='-c search_path=app,mig -c client_min_messages=warning' \
        psql -X -q -A -t -v ON_ERROR_STOP=1 -d mig_autogen "$@"
}

# pq_with VAR FILE SQL...: the SQL, run with :'VAR' holding FILE's text
# (read by psql from the pair's directory, the current one).
pq_with() {
    local var=$1 file=$2
    shift 2
    # shellcheck disable=SC2016 # the backquotes are for psql
    { printf '\\set %s `cat %s`\n' "$var" "$file"; printf '%s\n' "$@"; } | pq
}

# counts: "table<TAB>rows" for every table of schema app.
counts() {
    pq -c "SELECT c.relname || E'\t' ||
                  (xpath('/row/n/text()',
                         query_to_xml(format('SELECT count(*) AS n FROM app.%I', c.relname),
                                      false, true, '')))[1]::text
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'app' AND c.relkind IN ('r', 'p') AND c.relname <> 'alembic_version'
            ORDER BY 1"
}

# rows_kept NOW: the tables of common.txt have the row counts of
# counts.from in the counts file NOW; prints what differs.
rows_kept() {
    awk -F'\t' 'FILENAME == ARGV[1] { common[$1] = 1; next }
                FILENAME == ARGV[2] { before[$1] = $2; next }
                ($1 in common) { seen[$1] = 1
                                 if ($2 != before[$1]) print "table " $1 ": " before[$1] " rows before, " $2 " now" }
                END { for (t in common) if (!(t in seen)) print "table " t " is missing" }' \
        common.txt counts.from "$1"
}

fail() {
    echo "$*"
    exit 1
}

# run_pair NAME: the protocol, in the pair's directory; exits non-zero
# with a reason on the first failure (it runs in a subshell).
run_pair() {
    pq -c "DROP SCHEMA IF EXISTS app CASCADE" -c "CREATE SCHEMA app" \
       -c "TRUNCATE mig.mig_revision, mig.mig_log" -c "DROP TABLE IF EXISTS mig.alembic_version" ||
        fail "resetting schema app and mig's state failed"
    pq -f from.sql || fail "the from part failed"
    counts >counts.from
    pq_with to to.sql "SELECT mig_autogenerate('pair $1', :'to');" >gen.sql ||
        fail "mig_autogenerate failed"
    pq_with gen gen.sql "SELECT mig_register(:'gen');" "SELECT mig_upgrade('head');" ||
        fail "mig_register / mig_upgrade of the generated script failed"

    pq_with to to.sql "SELECT coalesce(mig_check(:'to'), '<NULL>');" >check.txt 2>&1 ||
        fail "mig_check after the upgrade failed"
    [ "$(cat check.txt)" = "<NULL>" ] || fail "after the upgrade, mig_check(to) is not NULL"
    pq_with to to.sql "SELECT mig_autogenerate('pair $1 again', :'to');" >gen2.sql ||
        fail "the second mig_autogenerate failed"
    upgrade_is_empty gen2.sql || { cat gen2.sql; fail "the second mig_autogenerate (above) still has changes"; }
    counts >counts.up
    awk -F'\t' 'FILENAME == ARGV[1] { t[$1] = 1; next } ($1 in t) { print $1 }' counts.from counts.up >common.txt
    rows_kept counts.up >diff.txt
    [ ! -s diff.txt ] || fail "after the upgrade: $(cat diff.txt)"

    pq -c "SELECT mig_downgrade('base')" || fail "mig_downgrade('base') failed"
    pq_with from from_schema.sql "SELECT coalesce(mig_check(:'from'), '<NULL>');" >check.txt 2>&1 ||
        fail "mig_check after the downgrade failed"
    if [ "$(cat check.txt)" = "<NULL>" ] || grep -qv '^pending revision ' check.txt; then
        fail "after the downgrade, mig_check(from) says more than (or other than) pending revisions"
    fi
    counts >counts.down
    rows_kept counts.down >diff.txt
    [ ! -s diff.txt ] || fail "after the downgrade: $(cat diff.txt)"
}

PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS mig_autogen" -c "CREATE DATABASE mig_autogen"
pq -c "CREATE SCHEMA mig" -c "CREATE EXTENSION mig SCHEMA mig"

# what mig_check says now, in a failed pair's directory
check_now() {
    pq_with to to.sql "SELECT coalesce(mig_check(:'to'), '<NULL>');"
}

run_pairs postgresql PostgreSQL "$tmp" "$@"
