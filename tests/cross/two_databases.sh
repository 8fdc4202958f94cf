#!/usr/bin/env bash
# The two-database example on both engines: examples/catalog and
# examples/monitor, on SQLite with monitor.db attached as monitor (as make
# demo runs them) and on PostgreSQL with schema monitor through the
# documented command (psql -f examples/demo.psql).  At the heads, every
# database's alembic_version and every monitor table's rows must be the
# same on both engines.
#
# Needs a server: tests/pg/run.sh calls this with PGHOST/PGPORT/PGUSER set
# to its throwaway cluster, after installing the extension.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
so=${MIG_SO:-$root/mig}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-cross2.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$root"

tables="transaction_monitor sub_record failed_file warning"
sq() { sqlite3 -batch -noheader -list "$tmp/catalog.db" ".load $so" "ATTACH '$tmp/monitor.db' AS monitor;" "$@"; }
pq() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 -d mig_cross2 "$@"; }

sq "SELECT mig_register_dir('examples/catalog/versions') + mig_register_dir('examples/monitor/versions');" \
   "SELECT mig_upgrade('heads');" >/dev/null
{
    sq "SELECT 'main ' || version_num FROM main.alembic_version;" \
       "SELECT 'monitor ' || version_num FROM monitor.alembic_version;"
    for t in $tables; do sq "SELECT '$t', * FROM monitor.$t ORDER BY 1, 2;"; done
    sq "SELECT 'summary', * FROM monitor.failure_summary ORDER BY 2;"
} >"$tmp/sqlite.txt"

PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS mig_cross2" -c "CREATE DATABASE mig_cross2"
pq -f examples/demo.psql >"$tmp/demo.out" 2>&1 || { cat "$tmp/demo.out"; exit 1; }
{
    pq -c "SELECT 'main ' || version_num FROM public.alembic_version" \
       -c "SELECT 'monitor ' || version_num FROM monitor.alembic_version"
    for t in $tables; do pq -c "SELECT '$t', * FROM monitor.$t ORDER BY 1, 2"; done
    pq -c "SELECT 'summary', * FROM monitor.failure_summary ORDER BY 2"
} >"$tmp/pg.txt"

if diff -u "$tmp/sqlite.txt" "$tmp/pg.txt"; then
    echo "ok   two databases: examples/catalog + examples/monitor at their heads ($(wc -l <"$tmp/pg.txt") facts equal)"
else
    echo "FAIL two databases: SQLite (-) and PostgreSQL (+) differ"
    exit 1
fi
