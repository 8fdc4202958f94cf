#!/usr/bin/env bash
# tests/concurrency/run.sh MIG_SO -- many migrators at the same moment.
#
# ROUNDS rounds (default 10): a new revision is registered, then 8
# processes (SQLite, in rollback-journal and in WAL mode) or 8 connections
# (PostgreSQL) call mig_upgrade('head') at once.  Every caller must return
# without error, exactly one must report the upgrade and the others that
# nothing was pending, and at the end every revision is applied once:
# mig_log has one upgrade row per revision, alembic_version the last one.
# Then, on PostgreSQL, mig.lock_timeout: a migration stuck behind a long
# reader gives up after its tries, keeping nothing, and succeeds later.
# PostgreSQL runs when PGHOST is set (tests/pg/run.sh calls this).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
so=$(cd "$(dirname "${1:-$root/mig.so}")" && pwd)/$(basename "${1:-$root/mig.so}")
so=${so%.so}
rounds=${ROUNDS:-10}
procs=8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-conc8.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }

script() {   # revision number -> a script that creates and fills a table
    local i=$1
    printf -- '-- mig:revision k%d\n' "$i"
    [ "$i" -gt 1 ] && printf -- '-- mig:down_revision k%d\n' $((i - 1))
    printf -- '-- mig:upgrade\nCREATE TABLE k%d (x INTEGER);\n' "$i"
    printf "INSERT INTO k%d SELECT g FROM generate_series(1, 50000) g;\n" "$i"
    printf -- '-- mig:downgrade\nDROP TABLE k%d;\n' "$i"
}

# check ENGINE ROUND OUTPUT...: one winner, the rest found nothing to do
check_round() {
    local what=$1 won=0 idle=0 other=0 f
    shift
    for f in "$@"; do
        if grep -q 'Running upgrade' "$f"; then won=$((won + 1))
        elif grep -q 'nothing to upgrade' "$f"; then idle=$((idle + 1))
        else other=$((other + 1)); echo "    $(head -c 300 "$f")"; fi
    done
    # shellcheck disable=SC2015
    [ "$won" = 1 ] && [ "$idle" = $((procs - 1)) ] && [ "$other" = 0 ] ||
        { fail "$what: $won upgraded, $idle found nothing to do, $other failed"; return 1; }
}

# ---- SQLite ----
for mode in delete wal; do
    db=$tmp/$mode.db
    sqlite3 -batch "$db" "PRAGMA journal_mode=$mode;" >/dev/null
    bad=0
    for r in $(seq 1 "$rounds"); do
        # SQLite has no generate_series table function in the shell by default
        script "$r" | sed 's/SELECT g FROM generate_series(1, 50000) g/WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 50000) SELECT v FROM n/' >"$tmp/s.sql"
        sqlite3 -batch "$db" ".load $so" "SELECT mig_register(readfile('$tmp/s.sql'));" >/dev/null
        pids=()
        for p in $(seq 1 $procs); do
            sqlite3 -batch "$db" ".load $so" "SELECT mig_upgrade('head');" >"$tmp/o.$p" 2>&1 &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid" || true; done
        check_round "sqlite $mode round $r" "$tmp"/o.* || bad=1
    done
    dup=$(sqlite3 -batch "$db" "SELECT count(*) FROM (SELECT revision FROM mig_log WHERE direction = 'upgrade' GROUP BY revision HAVING count(*) > 1);")
    ups=$(sqlite3 -batch "$db" "SELECT count(*) FROM mig_log WHERE direction = 'upgrade';")
    ver=$(sqlite3 -batch "$db" "SELECT group_concat(version_num) FROM alembic_version;")
    if [ "$bad" = 0 ] && [ "$dup" = 0 ] && [ "$ups" = "$rounds" ] && [ "$ver" = "k$rounds" ]; then
        ok "sqlite $mode: $rounds rounds of $procs processes at once: one upgrade each round, the others found nothing to do; $ups revisions applied once each"
    else
        fail "sqlite $mode: mig_log has $ups upgrades ($dup revisions twice), alembic_version $ver"
    fi
done

# ---- PostgreSQL ----
if [ -z "${PGHOST:-}" ]; then
    echo "skip PostgreSQL: PGHOST is not set"
    exit "$status"
fi
pq() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 -d mig_conc8 "$@"; }
PGOPTIONS='-c client_min_messages=warning' psql -X -q -d postgres -c "DROP DATABASE IF EXISTS mig_conc8" -c "CREATE DATABASE mig_conc8"
pq -c "CREATE EXTENSION mig"
bad=0
for r in $(seq 1 "$rounds"); do
    script "$r" >"$tmp/s.sql"
    # shellcheck disable=SC2016  # psql's backticks
    printf '\\set s `cat %s`\nSELECT mig_register(:'"'"'s'"'"');\n' "$tmp/s.sql" | pq >/dev/null
    rm -f "$tmp"/p.*
    pids=()
    for p in $(seq 1 $procs); do
        pq -c "SELECT mig_upgrade('head')" >"$tmp/p.$p" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    check_round "postgresql round $r" "$tmp"/p.* || bad=1
done
dup=$(pq -c "SELECT count(*) FROM (SELECT revision FROM mig_log WHERE direction = 'upgrade' GROUP BY revision HAVING count(*) > 1) d")
ups=$(pq -c "SELECT count(*) FROM mig_log WHERE direction = 'upgrade'")
ver=$(pq -c "SELECT string_agg(version_num, ',') FROM alembic_version")
if [ "$bad" = 0 ] && [ "$dup" = 0 ] && [ "$ups" = "$rounds" ] && [ "$ver" = "k$rounds" ]; then
    ok "postgresql: $rounds rounds of $procs connections at once: one upgrade each round, the others found nothing to do; $ups revisions applied once each"
else
    fail "postgresql: mig_log has $ups upgrades ($dup revisions twice), alembic_version $ver"
fi

# mig.lock_timeout: behind a long reader, give up cleanly, later succeed
cat >"$tmp/lt.sql" <<'SQL'
-- mig:revision lt1
-- mig:down_revision kLAST
-- mig:upgrade
CREATE TABLE lt_new (x int);
ALTER TABLE k1 ADD COLUMN y int;
-- mig:downgrade
ALTER TABLE k1 DROP COLUMN y;
DROP TABLE lt_new;
SQL
sed -i "s/kLAST/k$rounds/" "$tmp/lt.sql"
# shellcheck disable=SC2016  # psql's backticks
printf '\\set s `cat %s`\nSELECT mig_register(:'"'"'s'"'"');\n' "$tmp/lt.sql" | pq >/dev/null
pq -c "BEGIN" -c "SELECT count(*) FROM k1" -c "SELECT pg_sleep(4)" -c "COMMIT" >/dev/null 2>&1 &
reader=$!
sleep 1
start=$(date +%s%N)
if msg=$(pq -c "SET mig.lock_timeout = '300ms'" -c "SET mig.lock_retries = 2" \
            -c "SET mig.lock_retry_delay = 100" -c "SELECT mig_upgrade('head')" 2>&1); then
    fail "lock_timeout: the upgrade did not wait for the reader: $msg"
else
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    case $msg in
        *"mig gave up waiting for a lock: 3 tries of mig.lock_timeout = 300ms"*) ;;
        *) fail "lock_timeout: another error: $msg" ;;
    esac
    if [ "$(pq -c "SELECT mig_current()")" = "k$rounds" ] && [ -z "$(pq -c "SELECT to_regclass('lt_new')")" ] &&
       [ "$ms" -lt 2500 ]; then
        ok "lock_timeout: behind a long reader the upgrade gave up after 3 tries in $ms ms, keeping nothing"
    else
        fail "lock_timeout: after giving up ($ms ms) the database is not as before"
    fi
fi
wait "$reader" || true
if pq -c "SET mig.lock_timeout = '300ms'" -c "SELECT mig_upgrade('head')" | grep -q 'Running upgrade'; then
    ok "lock_timeout: once the reader is gone the same upgrade succeeds"
else
    fail "lock_timeout: the upgrade failed after the reader was gone"
fi
PGOPTIONS='-c client_min_messages=warning' psql -X -q -d postgres -c "DROP DATABASE mig_conc8"
exit "$status"
