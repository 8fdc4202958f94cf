#!/usr/bin/env bash
# tests/pg/dump_restore.sh -- pg_dump keeps mig's state, and a restored
# database continues where the original was.  mig_revision, mig_log and
# mig_snapshot are extension configuration tables (their rows are dumped
# with the data); alembic_version is an ordinary table.  Uses the cluster
# of PGHOST/PGPORT/PGUSER (tests/pg/run.sh), where the extension is
# installed; prints ok/FAIL lines.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-dump.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
pq() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

pq -d postgres -c "DROP DATABASE IF EXISTS mig_dump_a" -c "DROP DATABASE IF EXISTS mig_dump_b" \
   -c "CREATE DATABASE mig_dump_a" -c "CREATE DATABASE mig_dump_b"
{
    echo "CREATE EXTENSION mig;"
    for f in "$root"/examples/catalog/versions/*.sql; do
        # shellcheck disable=SC2016  # psql's backticks
        printf '\\set s `cat %s`\nSELECT mig_register(:'"'"'s'"'"');\n' "$f"
    done
    echo "SELECT mig_upgrade('8c7be02af42f');"
} | pq -d mig_dump_a >/dev/null

state() {
    pq -d "$1" -c "SELECT mig_current()" \
       -c "SELECT revision, is_applied, applied_at FROM mig_history()" \
       -c "SELECT id, revision, direction, checksum FROM mig_log ORDER BY id" \
       -c "SELECT count(*) FROM storage_location" \
       -c "SELECT coalesce(mig_drift(), 'no drift')"
}
state mig_dump_a >"$tmp/a.txt"
pg_dump -Fc -d mig_dump_a -f "$tmp/a.dump"
pg_restore -d mig_dump_b "$tmp/a.dump"
state mig_dump_b >"$tmp/b.txt"
if diff -u "$tmp/a.txt" "$tmp/b.txt" >"$tmp/diff"; then
    ok "pg_dump / pg_restore: the version, the history with its times, mig_log, the rows and the recorded schema came along"
else
    fail "pg_dump / pg_restore: the restored state differs:"; cat "$tmp/diff"
fi
if pq -d mig_dump_b -c "SELECT mig_upgrade('head')" | grep -q 'Running upgrade 8c7be02af42f -> 72719224f0b0' &&
   [ "$(pq -d mig_dump_b -c "SELECT mig_current()")" = 498a4c3da745 ] &&
   [ "$(pq -d mig_dump_b -c "SELECT count(*) FROM mig_log WHERE direction = 'upgrade'")" = 7 ]; then
    ok "the restored database continues where the original was: upgrade to head from 8c7be02af42f, scripts and log intact"
else
    fail "the restored database did not continue where the original was"
fi
pq -d postgres -c "DROP DATABASE mig_dump_a" -c "DROP DATABASE mig_dump_b"
exit "$status"
