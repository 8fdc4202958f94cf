#!/usr/bin/env bash
# tests/pg/replication.sh -- mig under streaming replication.  A primary
# and a hot standby (pg_basebackup -R, a physical slot) run as throwaway
# clusters on Unix sockets in a fresh temporary directory.  The primary is
# migrated through three revisions; once the standby has replayed the
# primary's WAL it must show the same version, history, tables and rows,
# its reading functions must work, and every function that changes the
# database must refuse with SQLSTATE 25006 and a message that says why.
# Then the primary downgrades step by step and the standby follows.
#
#   bash tests/pg/replication.sh    (as root, like tests/pg/run.sh, or as a
#                                    user that may run initdb)
#
# Uses the mig extension already installed into the PostgreSQL
# installation (make -C pg_ext install); it installs nothing.
# Environment: PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config).
# Prints "ok   ..." or "FAIL ..." per check; exits 1 if anything failed,
# with both servers' logs.
set -euo pipefail

# The ports only name the socket files in $tmp; they must differ.
pport=$((50000 + RANDOM % 10000))
sport=$((pport == 59999 ? 50000 : pport + 1))
timeout=20    # seconds to wait for the standby, each time

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pg_test_dir mig-pgrepl
status=0

# (both run from the EXIT trap)
# shellcheck disable=SC2317
stop_server() {
    if [ -f "$tmp/$1/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/$1" -m fast -w stop >/dev/null 2>&1 || true
    fi
}
# shellcheck disable=SC2317
cleanup() {
    local rc=$?
    if [ "$rc" != 0 ]; then
        for log in primary standby; do
            if [ -f "$tmp/$log.log" ]; then
                echo "== $log server log (last 40 lines)"
                tail -n 40 "$tmp/$log.log" || true
            fi
        done
    fi
    stop_server standby
    stop_server primary
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
die() { echo "FAIL $1"; exit 1; }
indent() { sed 's/^/    /'; }

export PGHOST="$tmp" PGUSER=postgres PGDATABASE=mig_repl
# psql on one server: unaligned, tuples only, stop at the first error.
pq() {
    local port=$1
    shift
    PGOPTIONS='-c client_min_messages=warning' \
        "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -p "$port" "$@"
}
on_primary() { pq "$pport" -c "$1"; }
on_standby() { pq "$sport" -c "$1"; }

# wait_for PORT SQL: poll until SQL prints "t", up to $timeout seconds.
wait_for() {
    local end=$((SECONDS + timeout))
    while [ "$SECONDS" -le "$end" ]; do
        if [ "$(pq "$1" -c "$2" 2>/dev/null)" = t ]; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# catch_up WHAT: wait until the standby has replayed everything the primary
# has written so far (PostgreSQL's own TAP tests wait the same way).
catch_up() {
    local lsn
    lsn=$(on_primary "SELECT pg_current_wal_lsn()")
    if wait_for "$sport" "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn"; then
        ok "the standby replayed up to $lsn ($1)"
    else
        die "the standby did not replay up to $lsn within ${timeout}s ($1); it is at $(on_standby 'SELECT pg_last_wal_replay_lsn()' 2>&1)"
    fi
}

# same WHAT SQL: SQL gives the same output on both servers (and no error).
same() {
    local p s
    p=$(on_primary "$2" 2>&1) || true
    s=$(on_standby "$2" 2>&1) || true
    if [ "$p" = "$s" ] && ! grep -q 'ERROR' <<<"$p"; then
        ok "$1"
    else
        fail "$1"
        echo "  primary:"; indent <<<"$p"
        echo "  standby:"; indent <<<"$s"
    fi
}

# expect WHAT WANT SQL: SQL on the standby prints exactly WANT.
expect() {
    local got
    got=$(on_standby "$3" 2>&1) || true
    if [ "$got" = "$2" ]; then
        ok "$1"
    else
        fail "$1"
        echo "  want:"; indent <<<"$2"
        echo "  got:"; indent <<<"$got"
    fi
}

# refuses FN SQL: SQL fails on the standby with SQLSTATE 25006 and mig's
# message, detail and hint for FN.
refuses() {
    local fn=$1 out
    if out=$(pq "$sport" -v VERBOSITY=verbose -c "$2" 2>&1); then
        fail "$fn ran on the standby"
        indent <<<"$out"
        return
    fi
    if grep -qxF "ERROR:  25006: $fn cannot run on a standby server" <<<"$out" &&
       grep -qxF "DETAIL:  This server is in recovery (a hot standby): it only reads." <<<"$out" &&
       grep -qF "HINT:  Run $fn on the primary; the standby follows it." <<<"$out"; then
        ok "$fn refuses on the standby: 25006, cannot run on a standby server"
    else
        fail "$fn on the standby: not the standby error"
        indent <<<"$out"
    fi
}

echo "== primary and hot standby in $tmp (sockets only, ports $pport and $sport)"
as_server "$bindir/initdb" -D "$tmp/primary" -A trust -U postgres --no-sync \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; die "initdb"; }
# initdb's pg_hba.conf has "local replication all trust": pg_basebackup
# and the standby's walreceiver connect over the socket.
grep -Eq '^local[[:space:]]+replication[[:space:]]+all[[:space:]]+trust' "$tmp/primary/pg_hba.conf" ||
    die "pg_hba.conf of the primary does not trust local replication connections"
as_server "$bindir/pg_ctl" -D "$tmp/primary" -l "$tmp/primary.log" \
    -o "-c listen_addresses='' -k $tmp -p $pport -c cluster_name=primary" -w start >/dev/null ||
    die "start the primary"
[ "$(pq "$pport" -d postgres -c "SHOW wal_level")" = replica ] || die "wal_level of the primary is not replica"
pq "$pport" -d postgres -c "CREATE DATABASE mig_repl" >/dev/null || die "CREATE DATABASE"

# The base backup: -R writes standby.signal and primary_conninfo (this
# socket), -C -S a physical slot so the primary keeps the WAL the standby
# has not received yet.
as_server "$bindir/pg_basebackup" -h "$tmp" -p "$pport" -U postgres -D "$tmp/standby" \
    -R -X stream -C -S mig_standby -c fast --no-sync >"$tmp/basebackup.log" 2>&1 ||
    { cat "$tmp/basebackup.log"; die "pg_basebackup"; }
as_server "$bindir/pg_ctl" -D "$tmp/standby" -l "$tmp/standby.log" \
    -o "-c listen_addresses='' -k $tmp -p $sport -c hot_standby=on -c cluster_name=mig_standby" \
    -w start >/dev/null || die "start the standby"
wait_for "$pport" "SELECT state = 'streaming' FROM pg_stat_replication WHERE application_name = 'mig_standby'" ||
    die "the standby is not streaming from the primary after ${timeout}s"
expect "the standby is a hot standby, streaming from the primary" "t|streaming" \
    "SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver)"

echo "== migrate the primary"
# Created after the base backup: the extension reaches the standby by WAL too.
on_primary "CREATE EXTENSION mig" >/dev/null || die "CREATE EXTENSION mig on the primary"
r1=3c1b5a9e0f01 r2=7d2e8f4a1b02 r3=9a4c6e2d3f03
s1="-- mig:revision $r1
-- mig:down_revision none
-- mig:message create item
-- mig:upgrade
CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
-- mig:downgrade
DROP TABLE item;"
s2="-- mig:revision $r2
-- mig:down_revision $r1
-- mig:message add qty
-- mig:upgrade
ALTER TABLE item ADD COLUMN qty int NOT NULL DEFAULT 0;
-- mig:downgrade
ALTER TABLE item DROP COLUMN qty;"
s3="-- mig:revision $r3
-- mig:down_revision $r2
-- mig:message seed items
-- mig:upgrade
INSERT INTO item (id, name, qty) VALUES (1, 'bolt', 40), (2, 'nut', 7);
-- mig:downgrade
DELETE FROM item WHERE id IN (1, 2);"
out=$(pq "$pport" -v s1="$s1" -v s2="$s2" -v s3="$s3" 2>&1 <<'SQL'
SELECT mig_register(:'s3');
SELECT mig_register(:'s1');
SELECT mig_register(:'s2');
SELECT mig_upgrade('head');
SQL
) || { echo "$out"; die "register and upgrade on the primary"; }
if [ "$(on_primary "SELECT mig_current()")" = "$r3" ]; then
    ok "the primary is at $r3 after mig_upgrade('head')"
else
    fail "mig_upgrade on the primary"; indent <<<"$out"
fi
catch_up "after the upgrade"

echo "== reading on the standby"
expect "mig_current() on the standby is $r3" "$r3" "SELECT mig_current()"
same "mig_current() and mig_heads() equal the primary's" "SELECT mig_current(), mig_heads()"
same "SELECT * FROM mig_history() equals the primary's, applied_at included" "SELECT * FROM mig_history()"
expect "mig_history() on the standby: three applied revisions, newest first" \
    "$r3|$r2|t|t
$r2|$r1|f|t
$r1||f|t" "SELECT revision, down_revision, is_head, is_applied FROM mig_history()"
same "alembic_version equals the primary's" "SELECT version_num FROM alembic_version"
expect "the standby has the table, its new column and the rows" "1|bolt|40
2|nut|7" "SELECT id, name, qty FROM item ORDER BY id"
same "the columns of item equal the primary's" \
    "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
      WHERE attrelid = 'item'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
expect "mig_show('$r2') on the standby gives the script as registered" "$s2" "SELECT mig_show('$r2')"
same "mig_show by prefix equals the primary's" "SELECT mig_show('${r1:0:4}')"
out=$(on_standby "SELECT mig_sql('downgrade', 'base')" 2>&1) || true
if grep -q 'DELETE FROM item WHERE id IN (1, 2)' <<<"$out" && grep -q 'DROP TABLE item' <<<"$out" &&
   grep -q 'ALTER TABLE item DROP COLUMN qty' <<<"$out"; then
    ok "mig_sql('downgrade', 'base') on the standby gives the downgrade SQL"
else
    fail "mig_sql('downgrade', 'base') on the standby"; indent <<<"$out"
fi
same "mig_sql('downgrade', 'base') equals the primary's" "SELECT mig_sql('downgrade', 'base')"
same "mig_sql('upgrade', 'head') works and equals the primary's" "SELECT mig_sql('upgrade', 'head')"
out=$(on_standby "SELECT mig_revision('next')" 2>&1) || true
if grep -qx -- "-- mig:down_revision $r3" <<<"$out"; then
    ok "mig_revision('next') on the standby: a template on top of $r3"
else
    fail "mig_revision on the standby"; indent <<<"$out"
fi

echo "== writing on the standby"
refuses mig_register "SELECT mig_register('-- mig:revision r9
-- mig:down_revision $r3
-- mig:upgrade
CREATE TABLE r9 (id int);')"
refuses mig_register_dir "SELECT mig_register_dir('/nonexistent')"
refuses mig_upgrade "SELECT mig_upgrade()"
refuses mig_downgrade "SELECT mig_downgrade('-1')"
refuses mig_stamp "SELECT mig_stamp('base')"
refuses mig_dry_run "SELECT mig_dry_run('downgrade', 'base')"
refuses mig_check "SELECT mig_check('CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL DEFAULT 0)')"
refuses mig_autogenerate "SELECT mig_autogenerate('m', 'CREATE TABLE item (id int PRIMARY KEY)')"
# A PL/pgSQL handler sees the same SQLSTATE (read_only_sql_transaction).
out=$(on_standby "DO \$\$
BEGIN
    PERFORM mig_upgrade('head');
    RAISE EXCEPTION 'mig_upgrade ran on the standby';
EXCEPTION WHEN read_only_sql_transaction THEN
    RAISE WARNING 'caught %: %', SQLSTATE, SQLERRM;
END
\$\$" 2>&1) || true
if [ "$out" = "WARNING:  caught 25006: mig_upgrade cannot run on a standby server" ]; then
    ok "EXCEPTION WHEN read_only_sql_transaction catches mig_upgrade on the standby"
else
    fail "a PL/pgSQL handler for read_only_sql_transaction on the standby"; indent <<<"$out"
fi
same "the refused calls left the standby as the primary" "SELECT mig_current(), mig_heads(), (SELECT count(*) FROM item)"
expect "the standby still streams after the refusals" "t|streaming" \
    "SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver)"

echo "== downgrade the primary, the standby follows"
on_primary "SELECT mig_downgrade('-1')" >/dev/null || die "mig_downgrade('-1') on the primary"
catch_up "after downgrading $r3"
expect "the standby is at $r2, the rows are gone" "$r2|0" "SELECT mig_current(), (SELECT count(*) FROM item)"
same "mig_history() equals the primary's after the downgrade" "SELECT * FROM mig_history()"

on_primary "SELECT mig_downgrade('-1')" >/dev/null || die "mig_downgrade('-1') on the primary"
catch_up "after downgrading $r2"
expect "the standby is at $r1, the column qty is gone" "$r1|id,name" \
    "SELECT mig_current(), (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
      WHERE attrelid = 'item'::regclass AND attnum > 0 AND NOT attisdropped)"

on_primary "SELECT mig_downgrade('base')" >/dev/null || die "mig_downgrade('base') on the primary"
catch_up "after downgrading to base"
expect "the standby is at base (mig_current() NULL), the table is gone" "t|t" \
    "SELECT mig_current() IS NULL, to_regclass('item') IS NULL"
same "mig_history() equals the primary's at base" "SELECT * FROM mig_history()"
expect "the scripts stay registered on the standby, none applied" "$r3|f
$r2|f
$r1|f" "SELECT revision, is_applied FROM mig_history()"

exit "$status"
