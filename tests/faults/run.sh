#!/usr/bin/env bash
# tests/faults/run.sh MIG_SO -- every change fails in turn.
#
# The history of examples/catalog and examples/monitor (13 revisions in two
# databases: table rebuilds, data migrations, a merge) is upgraded, and
# then downgraded, once per change that the call makes (statements of the
# scripts, each step of SQLite's table rebuilds, alembic_version writes),
# with the test hook making exactly that change fail (SQLite: MIG_FAIL_AT
# in the environment; PostgreSQL: SET mig.fail_at).  After every failure:
# the error names the revision and the statement (or the version write),
# and the whole database -- schema, every row, alembic_version, mig's own
# tables -- is byte for byte what it was before the call (SQLite: .dump of
# both databases; PostgreSQL: pg_dump).  PostgreSQL runs when PGHOST is
# set (tests/pg/run.sh calls this with its cluster).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
so=$(cd "$(dirname "${1:-$root/mig.so}")" && pwd)/$(basename "${1:-$root/mig.so}")
so=${so%.so}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-faults.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }

# ---- SQLite ----
sq() { sqlite3 -batch -bail -noheader "$tmp/c.db" ".load $so" "ATTACH '$tmp/m.db' AS monitor;" "$@"; }
dump() { sqlite3 -batch "$tmp/c.db" ".dump"; sqlite3 -batch "$tmp/m.db" ".dump"; }

sqlite_direction() {
    local name=$1 call=$2 n=0 before msg
    cp "$tmp/$name.c.db" "$tmp/c.db"
    cp "$tmp/$name.m.db" "$tmp/m.db"
    before=$(dump | sha256sum)
    while :; do
        n=$((n + 1))
        cp "$tmp/$name.c.db" "$tmp/c.db"
        cp "$tmp/$name.m.db" "$tmp/m.db"
        if msg=$(MIG_FAIL_AT=$n sq "SELECT $call;" 2>&1); then
            break
        fi
        case $msg in
            *"injected failure before change $n"*) ;;
            *) fail "sqlite $call: change $n failed with another error: $msg"; return ;;
        esac
        case $msg in
            *"revision "*" statement"*|*"revision "*"writing alembic_version"*) ;;
            *) fail "sqlite $call: change $n: the error does not name the revision and statement: $msg" ;;
        esac
        if [ "$(dump | sha256sum)" != "$before" ]; then
            fail "sqlite $call: change $n failed and the database changed"
            return
        fi
    done
    n=$((n - 1))
    if [ "$n" -lt 50 ]; then
        fail "sqlite $call: only $n changes: the hook did not reach them all"
    else
        ok "sqlite $call: each of its $n changes failed in turn; each time the error named the revision and the database was unchanged"
    fi
}

sq "SELECT mig_register_dir('$root/examples/catalog/versions') + mig_register_dir('$root/examples/monitor/versions');" >/dev/null
cp "$tmp/c.db" "$tmp/base.c.db"; cp "$tmp/m.db" "$tmp/base.m.db"
sq "SELECT mig_upgrade('heads');" >/dev/null
cp "$tmp/c.db" "$tmp/head.c.db"; cp "$tmp/m.db" "$tmp/head.m.db"
sqlite_direction base "mig_upgrade('heads')"
sqlite_direction head "mig_downgrade('base')"

# ---- PostgreSQL ----
if [ -z "${PGHOST:-}" ]; then
    echo "skip PostgreSQL: PGHOST is not set"
    exit "$status"
fi
pq() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
# (recent pg_dump writes a random \restrict key: not part of the database)
pgdump() { pg_dump --no-owner --no-privileges -d "$1" | grep -v '^\\\(un\)\?restrict ' | sha256sum; }

pq -d postgres -c "DROP DATABASE IF EXISTS mig_faults_base" -c "DROP DATABASE IF EXISTS mig_faults_head" \
   -c "CREATE DATABASE mig_faults_base"
{
    echo "CREATE EXTENSION mig; CREATE SCHEMA monitor;"
    for f in "$root"/examples/catalog/versions/*.sql "$root"/examples/monitor/versions/*.sql; do
        # shellcheck disable=SC2016  # psql's backticks, not the shell's
        printf '\\set s `cat %s`\nSELECT mig_register(:'"'"'s'"'"');\n' "$f"
    done
} >"$tmp/register.psql"
pq -d mig_faults_base -f "$tmp/register.psql" >/dev/null
pq -d postgres -c "CREATE DATABASE mig_faults_head TEMPLATE mig_faults_base"
pq -d mig_faults_head -c "SELECT mig_upgrade('heads')" >/dev/null

pg_direction() {
    local name=$1 call=$2 n=0 before msg
    before=$(pgdump "mig_faults_$name")
    while :; do
        n=$((n + 1))
        if msg=$(pq -d "mig_faults_$name" -c "SET mig.fail_at = $n" -c "SELECT $call" 2>&1); then
            break
        fi
        case $msg in
            *"injected failure before change $n"*) ;;
            *) fail "postgresql $call: change $n failed with another error: $msg"; return ;;
        esac
        case $msg in
            *"revision "*" statement"*|*"revision "*"writing alembic_version"*) ;;
            *) fail "postgresql $call: change $n: the error does not name the revision and statement: $msg" ;;
        esac
        if [ "$(pgdump "mig_faults_$name")" != "$before" ]; then
            fail "postgresql $call: change $n failed and the database changed"
            return
        fi
    done
    n=$((n - 1))
    if [ "$n" -lt 40 ]; then
        fail "postgresql $call: only $n changes: the hook did not reach them all"
    else
        ok "postgresql $call: each of its $n changes failed in turn; each time the error named the revision and the database was unchanged"
    fi
}

pg_direction base "mig_upgrade('heads')"
pg_direction head "mig_downgrade('base')"
pq -d postgres -c "DROP DATABASE mig_faults_base" -c "DROP DATABASE mig_faults_head"
exit "$status"
