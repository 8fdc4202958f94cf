#!/usr/bin/env bash
# tests/pg/run.sh -- build and install the PostgreSQL extension, then run
# its pg_regress tests (tests/pg/sql, tests/pg/expected) against a
# throwaway cluster that listens on a Unix socket in a fresh temporary
# directory only.  The cluster is stopped and removed on every exit.
#
#   bash tests/pg/run.sh            (as root, or as a user that may write
#                                    to the PostgreSQL installation)
#
# Environment: PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config),
# MIG_PGPORT (default: a random port; only names the socket file).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
port=${MIG_PGPORT:-$((50000 + RANDOM % 10000))}
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
pg_test_dir mig-pgtest

cleanup() {
    status=$?
    if [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== cluster in $tmp (socket only, port $port)"
pg_test_start "$port"

# The server reads the mig_register_dir fixtures itself: give it a copy it
# can read whatever the permissions of the checkout.
cp -R "$here/fixtures" "$tmp/fixtures"
chown -R "$server_user" "$tmp/fixtures"
export MIG_PG_FIXTURES="$tmp/fixtures"

echo "== build and install"
make -C "$root/pg_ext" PG_CONFIG="$pg_config" install

echo "== installcheck"
export PGHOST="$tmp" PGPORT="$port" PGUSER=postgres
rm -f "$root/pg_ext/regression.diffs" "$root/pg_ext/regression.out"
if ! make -C "$root/pg_ext" PG_CONFIG="$pg_config" installcheck \
        PGHOST="$tmp" PGPORT="$port" PGUSER=postgres; then
    if [ -f "$root/pg_ext/regression.diffs" ]; then
        echo "== regression.diffs"
        cat "$root/pg_ext/regression.diffs"
    fi
    echo "== server log (last 50 lines)"
    tail -n 50 "$tmp/server.log" || true
    exit 1
fi

echo "== the same history on SQLite and PostgreSQL"
make -C "$root" -s mig.so
bash "$root/tests/cross/run.sh"
bash "$root/tests/cross/two_databases.sh"

echo "== autogenerate round trips on PostgreSQL"
bash "$root/tests/autogen/run_pg.sh"

echo "== a primary and a hot standby"
bash "$here/replication.sh"

echo "== separate databases, all or nothing (its own cluster, with prepared transactions)"
bash "$here/atomic_databases.sh"

echo "== many databases in parallel (tools/mig-many), SQLite files and PostgreSQL databases"
bash "$root/tests/many/run.sh" "$root/mig.so"

echo "== every change fails in turn (the fail_at test hook), SQLite and PostgreSQL"
bash "$root/tests/faults/run.sh" "$root/mig.so"

echo "== 8 migrators at once, and mig.lock_timeout (SQLite and PostgreSQL)"
bash "$root/tests/concurrency/run.sh" "$root/mig.so"

echo "== pg_dump and pg_restore keep mig's state"
bash "$here/dump_restore.sh"

echo "== malformed inputs on PostgreSQL (tests/malformed)"
bash "$root/tests/malformed/run_pg.sh"

echo "== the migrating backend terminated, the server crashed, mid-upgrade (its own cluster)"
bash "$root/tests/crash/pg_terminate.sh" 50000 6

echo "== the disk fills up mid-upgrade: a tablespace, then pg_wal (its own cluster)"
bash "$here/disk_full.sh"
