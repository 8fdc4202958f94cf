#!/usr/bin/env bash
# tests/pg/disk_full.sh -- PostgreSQL runs out of disk in the middle of
# mig_upgrade: the call fails (or the server stops), and the database is
# exactly as before; once there is room again the next upgrade succeeds.
#
#   bash tests/pg/disk_full.sh      (as root: it mounts two small tmpfs)
#
# 1. A tablespace on a full disk.  A tmpfs of TS_MB MB holds a tablespace
#    and, in it, a table that nearly fills it.  mig_upgrade('head') runs
#    two revisions: the first makes other changes (a new table, rows, an
#    index), the second more of them and then an ALTER TABLE that rewrites
#    the table, which needs about as much room again.  The call must fail
#    with SQLSTATE 53100 (disk_full), "No space left on device", the
#    CONTEXT naming mig's revision and statement; pg_dump of the database
#    (schema and data, mig_revision, mig_log, mig_snapshot and
#    alembic_version included) must be byte-identical to one taken before
#    the call, and the room the rewrite took must be given back.  A second
#    try fails the same way.  After `mount -o remount,size=...` the next
#    mig_upgrade('head') succeeds and the version moves.
# 2. pg_wal on a full disk.  The cluster's pg_wal is on a tmpfs (initdb
#    --waldir); just before an upgrade that rewrites a table, the tmpfs is
#    shrunk to what it holds plus WAL_ROOM_KB.  The server can write no WAL
#    and PANICs ("could not write to log file ...: No space left on
#    device"); with restart_after_crash = off it then stops.  After a
#    remount with room, the server starts, recovers from the crash, and the
#    database is the old version whole: the same pg_dump as before, the
#    same row counts, alembic_version at the old revision, amcheck clean.
#    The next mig_upgrade('head') succeeds.
#
# The cluster runs with wal_init_zero = off and wal_recycle = off (the
# settings PostgreSQL documents for copy-on-write file systems): new WAL
# segments are then created sparse and old ones removed, not renamed, so
# WAL takes room on the tmpfs only as it is written, and the PANIC comes
# from the first WAL write that finds no room, every time.  (With the
# defaults a full pg_wal shows up first as a failure to create the next
# 16 MB segment, an ERROR or a PANIC depending on which process meets it.)
#
# It starts its own throwaway PostgreSQL 15 cluster as user postgres (initdb
# refuses root), on a Unix socket in a fresh temporary directory; the
# EXIT trap stops the server, unmounts both tmpfs and removes the
# directory, on every exit.  Not root, or mount not permitted (a container
# without CAP_SYS_ADMIN): prints "SKIP: ..." and exits 0.  The mig
# extension must be installed (make -C pg_ext install); this script
# installs nothing.  Environment: PG_CONFIG, MIG_PGPORT (default: random;
# it only names the socket file), KEEP=1 (keep the directory, unmounted).
# Prints "ok   ..." or "FAIL ..." per check; exits 1 if anything failed,
# with the end of the server log.
set -euo pipefail
export LC_ALL=C

ts_mb=8            # the tablespace's tmpfs, scenario 1
ts_room_mb=32      # ... after the remount
rows1=90000        # rows of reading: about 6 MB of the 8
wal_mb=256         # pg_wal's tmpfs (memory is only taken as WAL is written)
wal_room_kb=2048   # scenario 2: room left in pg_wal for the upgrade
rows2=150000       # rows of event: about 10 MB, so the rewrite writes more WAL than that
port=${MIG_PGPORT:-$((50000 + RANDOM % 10000))}

# The throwaway cluster, as tests/pg/lib.sh sets it up, written out here
# (as in tests/crash/pg_terminate.sh) so that plain `shellcheck` follows
# every variable.  Root only: mount needs it.
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$pg_config" --bindir)
sharedir=$("$pg_config" --sharedir)
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: tests/pg/disk_full.sh mounts tmpfs file systems and must run as root (uid $(id -u))"
    exit 0
fi
if [ ! -f "$sharedir/extension/mig.control" ]; then
    echo "the mig extension is not installed in $sharedir: run make -C pg_ext install first" >&2
    exit 2
fi
server_user=postgres
as_server() { runuser -u "$server_user" -- "$@"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-diskfull.XXXXXX")
chmod 755 "$tmp"
chown "$server_user" "$tmp"

mounts=()
# shellcheck disable=SC2317  # run from the EXIT trap
cleanup() {
    local rc=$? m
    trap '' INT TERM
    if [ "$rc" != 0 ] && [ -f "$tmp/server.log" ]; then
        echo "== server log (last 40 lines)"
        tail -n 40 "$tmp/server.log" || true
    fi
    if [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    for m in "${mounts[@]}"; do
        umount "$m" 2>/dev/null || umount -l "$m" || echo "could not unmount $m" >&2
    done
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
die() { echo "FAIL $1"; exit 1; }
indent() { sed 's/^/    /'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
t_start=$(now_ms)

# mount_tmpfs DIR MB: a tmpfs the server user owns; SKIP when not permitted.
mount_tmpfs() {
    mkdir "$1"
    if ! mount -t tmpfs -o "size=$2m,mode=0700" mig_disk_full "$1" 2>"$tmp/mount.err"; then
        echo "SKIP: cannot mount a tmpfs here: $(head -n 1 "$tmp/mount.err")"
        exit 0
    fi
    mounts+=("$1")
    chown "$server_user" "$1"
}
# used_kb DIR / size_kb DIR: of the file system at DIR, in KiB.
used_kb() { df -k --output=used "$1" | tail -n 1 | tr -d ' '; }
size_kb() { df -k --output=size "$1" | tail -n 1 | tr -d ' '; }

mount_tmpfs "$tmp/tsfs" "$ts_mb"
mount_tmpfs "$tmp/walfs" "$wal_mb"

export PGHOST=$tmp PGPORT=$port PGUSER=postgres PGOPTIONS='-c client_min_messages=warning'
unset PGDATABASE PGSERVICE
# the server version's own psql, not Debian's wrapper script
pq() { "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
# plain SQL; a fixed \restrict key (pg_dump 15.14+ draws a random one per run)
dump() { "$bindir/pg_dump" --restrict-key=migdiskfull -d "$1" -f "$2"; }
server_running() { as_server "$bindir/pg_ctl" -D "$tmp/data" status >/dev/null 2>&1; }
start_server() {
    as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
        -o "-c listen_addresses='' -k $tmp -p $port -c restart_after_crash=off -c wal_init_zero=off -c wal_recycle=off -c recovery_init_sync_method=syncfs" \
        -w -t 30 start >/dev/null
}

echo "== $("$bindir/postgres" --version); cluster in $tmp (port $port), pg_wal on a ${wal_mb} MB tmpfs, a ${ts_mb} MB tmpfs for a tablespace"
as_server "$bindir/initdb" -D "$tmp/data" --waldir="$tmp/walfs/pg_wal" -A trust -U postgres --no-sync \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; die "initdb"; }
start_server || die "start the server"

# ---------------------------------------------------------------------------
echo "== 1. a tablespace on a full disk"
as_server mkdir "$tmp/tsfs/ts"
pq -d postgres -c "CREATE TABLESPACE small LOCATION '$tmp/tsfs/ts'" -c "CREATE DATABASE disk1" >/dev/null

a1=d15c0f000001 a2=d15c0f000002 a3=d15c0f000003
s1="-- mig:revision $a1
-- mig:down_revision none
-- mig:message sensors and their readings (readings on the small tablespace)
-- mig:upgrade
CREATE TABLE sensor (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO sensor SELECT i, 'sensor ' || i FROM generate_series(1, 20) i;
CREATE TABLE reading (id int PRIMARY KEY, sensor_id int NOT NULL REFERENCES sensor (id),
                      value int NOT NULL, note text) TABLESPACE small;
-- mig:downgrade
DROP TABLE reading;
DROP TABLE sensor;"
s2="-- mig:revision $a2
-- mig:down_revision $a1
-- mig:message sites
-- mig:upgrade
CREATE TABLE site (sensor_id int PRIMARY KEY REFERENCES sensor (id), site text NOT NULL);
INSERT INTO site SELECT id, 'site ' || (id % 3) FROM sensor;
CREATE INDEX reading_sensor ON reading (sensor_id);
-- mig:downgrade
DROP INDEX reading_sensor;
DROP TABLE site;"
s3="-- mig:revision $a3
-- mig:down_revision $a2
-- mig:message active sensors, an audit table, bigint values (rewrites reading)
-- mig:upgrade
ALTER TABLE sensor ADD COLUMN active boolean NOT NULL DEFAULT true;
UPDATE sensor SET name = upper(name), active = (id % 5 <> 0);
CREATE TABLE reading_audit (id int PRIMARY KEY, checked_at date NOT NULL);
INSERT INTO reading_audit SELECT id, DATE '2024-01-01' FROM reading WHERE id % 100 = 0;
ALTER TABLE reading ALTER COLUMN value TYPE bigint;
-- mig:downgrade
ALTER TABLE reading ALTER COLUMN value TYPE int;
DROP TABLE reading_audit;
UPDATE sensor SET name = lower(name);
ALTER TABLE sensor DROP COLUMN active;"
out=$(pq -d disk1 -v s1="$s1" -v s2="$s2" -v s3="$s3" 2>&1 <<SQL
CREATE EXTENSION mig;
SELECT mig_register(:'s1');
SELECT mig_register(:'s2');
SELECT mig_register(:'s3');
SELECT mig_upgrade('$a1');
INSERT INTO reading SELECT i, 1 + i % 20, i % 1000, 'reading number ' || i FROM generate_series(1, $rows1) i;
ANALYZE;
SQL
) || { echo "$out"; die "setup of database disk1"; }

ts_used=$(used_kb "$tmp/tsfs") ts_size=$(size_kb "$tmp/tsfs")
reading_kb=$(pq -d disk1 -c "SELECT pg_table_size('reading') / 1024")
if [ $((ts_used * 100 / ts_size)) -ge 60 ] && [ $((ts_size - ts_used)) -lt "$reading_kb" ]; then
    ok "the tablespace's tmpfs is nearly full: $ts_used of $ts_size KiB used, reading has $rows1 rows in $reading_kb KiB, so a rewrite of it cannot fit"
else
    die "the tablespace's tmpfs is not nearly full: $ts_used of $ts_size KiB used, reading $reading_kb KiB"
fi

dump disk1 "$tmp/disk1.before.sql"
missing=""
for t in mig_revision mig_log mig_snapshot alembic_version sensor reading; do
    grep -q "^COPY public\.$t " "$tmp/disk1.before.sql" || missing="$missing $t"
done
if [ -z "$missing" ]; then
    ok "pg_dump holds the rows of mig_revision, mig_log, mig_snapshot, alembic_version and the tables ($(wc -c <"$tmp/disk1.before.sql") bytes)"
else
    fail "pg_dump lacks the rows of:$missing"
fi

# try_full WHAT: mig_upgrade('head') fails for want of room and leaves disk1 as it was.
try_full() {
    local out st=0
    out=$(pq -d disk1 -v VERBOSITY=verbose -c "SELECT mig_upgrade('head')" 2>&1) || st=$?
    if [ "$st" = 0 ]; then
        fail "$1: mig_upgrade('head') succeeded on a full tablespace"; indent <<<"$out"
    elif grep -Eq '^ERROR:  53100: could not extend file "pg_tblspc/[0-9]+/[^"]*": No space left on device$' <<<"$out" &&
         grep -qxF 'HINT:  Check free disk space.' <<<"$out" &&
         grep -qF 'SQL statement "ALTER TABLE reading ALTER COLUMN value TYPE bigint"' <<<"$out" &&
         grep -Eq "^mig: revision $a3, upgrade statement 5 of 5 \(line [0-9]+\)$" <<<"$out"; then
        ok "$1: mig_upgrade('head') fails with 53100: $(sed -n 's/^ERROR:  53100: //p' <<<"$out"); CONTEXT mig: revision $a3, upgrade statement 5 of 5"
    else
        fail "$1: mig_upgrade('head') failed, but not with disk_full (53100), No space left on device, in revision $a3"
        indent <<<"$out"
    fi
    dump disk1 "$tmp/disk1.after.sql"
    if cmp -s "$tmp/disk1.before.sql" "$tmp/disk1.after.sql"; then
        ok "$1: pg_dump after the failed call is byte-identical to the one before (schema, rows, mig's tables, alembic_version)"
    else
        fail "$1: pg_dump after the failed call differs from the one before:"
        diff "$tmp/disk1.before.sql" "$tmp/disk1.after.sql" | head -n 40 | indent || true
    fi
    local cur used
    cur=$(pq -d disk1 -c "SELECT coalesce(mig_current(), 'base') || ' ' || (SELECT count(*) FROM mig_log) || ' ' || (SELECT count(*) FROM reading)")
    used=$(used_kb "$tmp/tsfs")
    if [ "$cur" = "$a1 1 $rows1" ] && [ "$used" = "$ts_used" ]; then
        ok "$1: still at $a1 (one mig_log row, $rows1 readings), and the room the rewrite took is free again ($used KiB used)"
    else
        fail "$1: want version, mig_log rows, readings '$a1 1 $rows1' and $ts_used KiB used, got '$cur' and $used KiB"
    fi
}
try_full "first try"
try_full "second try, still no room"

mount -o "remount,size=${ts_room_mb}m" "$tmp/tsfs" || die "remount $tmp/tsfs with ${ts_room_mb} MB"
out=$(pq -d disk1 -c "SELECT mig_upgrade('head')" 2>&1) || true
state=$(pq -d disk1 -c "SELECT mig_current(), (SELECT count(*) FROM reading), (SELECT sum(value) FROM reading),
                               format_type((SELECT atttypid FROM pg_attribute WHERE attrelid = 'reading'::regclass AND attname = 'value'), NULL),
                               (SELECT count(*) FROM sensor WHERE active), (SELECT count(*) FROM reading_audit),
                               (SELECT string_agg(revision, ',' ORDER BY id) FROM mig_log)" 2>&1) || true
want_sum=$(pq -d disk1 -c "SELECT sum(i % 1000) FROM generate_series(1, $rows1) i")
if grep -q "Running upgrade $a1 -> $a2" <<<"$out" && grep -q "Running upgrade $a2 -> $a3" <<<"$out" &&
   [ "$state" = "$a3|$rows1|$want_sum|bigint|16|$((rows1 / 100))|$a1,$a2,$a3" ]; then
    ok "after remount,size=${ts_room_mb}m: mig_upgrade('head') runs $a2 and $a3; at $a3, reading.value bigint, all $rows1 rows ($(used_kb "$tmp/tsfs") KiB used)"
else
    fail "after the remount: mig_upgrade('head') did not reach $a3 with every row"
    indent <<<"$out"; indent <<<"$state"
fi

# ---------------------------------------------------------------------------
echo "== 2. pg_wal on a full disk"
b1=ba1f00000001 b2=ba1f00000002
w1="-- mig:revision $b1
-- mig:down_revision none
-- mig:message events
-- mig:upgrade
CREATE TABLE kind (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO kind SELECT i, 'kind ' || i FROM generate_series(1, 10) i;
CREATE TABLE event (id int PRIMARY KEY, kind_id int NOT NULL REFERENCES kind (id), amount int NOT NULL, note text);
-- mig:downgrade
DROP TABLE event;
DROP TABLE kind;"
w2="-- mig:revision $b2
-- mig:down_revision $b1
-- mig:message kind labels, bigint amounts (rewrites event)
-- mig:upgrade
ALTER TABLE kind ADD COLUMN label text NOT NULL DEFAULT '';
UPDATE kind SET label = upper(name);
CREATE TABLE event_archive (id int PRIMARY KEY);
INSERT INTO event_archive SELECT id FROM event WHERE id % 10 = 0;
ALTER TABLE event ALTER COLUMN amount TYPE bigint;
-- mig:downgrade
ALTER TABLE event ALTER COLUMN amount TYPE int;
DROP TABLE event_archive;
ALTER TABLE kind DROP COLUMN label;"
pq -d postgres -c "CREATE DATABASE disk2" >/dev/null
out=$(pq -d disk2 -v w1="$w1" -v w2="$w2" 2>&1 <<SQL
CREATE EXTENSION mig;
CREATE EXTENSION amcheck;
SELECT mig_register(:'w1');
SELECT mig_register(:'w2');
SELECT mig_upgrade('$b1');
INSERT INTO event SELECT i, 1 + i % 10, i % 500, 'event number ' || i FROM generate_series(1, $rows2) i;
ANALYZE;
CHECKPOINT;
SQL
) || { echo "$out"; die "setup of database disk2"; }

# integrity: one fact a line, amcheck included.
integrity() {
    pq -d disk2 2>&1 <<'SQL'
SELECT 'alembic_version=' || string_agg(version_num, ',') FROM alembic_version;
SELECT 'event=' || count(*) || ' rows, sum(amount)=' || sum(amount) || ', type ' || pg_typeof(min(amount)) FROM event;
SELECT 'kind=' || count(*) || ' rows' FROM kind;
SELECT 'mig_log=' || string_agg(revision || ':' || direction, ',' ORDER BY id) FROM mig_log;
SELECT 'tables=' || string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r';
SELECT 'verify_heapam=' || (SELECT count(*) FROM verify_heapam('event')) + (SELECT count(*) FROM verify_heapam('kind'))
       + (SELECT count(*) FROM verify_heapam('alembic_version')) + (SELECT count(*) FROM verify_heapam('mig_log'));
SELECT 'btree indexes checked=' || count(bt_index_check(i.indexrelid, true))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
 WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace;
SQL
}
integrity >"$tmp/disk2.before.txt" || { cat "$tmp/disk2.before.txt"; die "integrity of disk2 before"; }
dump disk2 "$tmp/disk2.before.sql"

# Leave pg_wal what it holds now and WAL_ROOM_KB more; the rewrite of
# event writes far more WAL than that.
wal_used=$(used_kb "$tmp/walfs")
mount -o "remount,size=$((wal_used + wal_room_kb))k" "$tmp/walfs" || die "shrink $tmp/walfs to $((wal_used + wal_room_kb)) KiB"
event_kb=$(pq -d disk2 -c "SELECT pg_table_size('event') / 1024")
ok "pg_wal's tmpfs shrunk to $(size_kb "$tmp/walfs") KiB: $wal_used KiB of WAL and $wal_room_kb KiB of room; event has $rows2 rows in $event_kb KiB"

st=0
out=$(pq -d disk2 -c "SELECT mig_upgrade('head')" 2>&1) || st=$?
if [ "$st" != 0 ] && grep -q 'server closed the connection unexpectedly' <<<"$out"; then
    ok "mig_upgrade('head') lost its connection (psql exit $st), the client saw: $(grep -m 1 -E '^(PANIC|WARNING|FATAL):' <<<"$out" || true)"
else
    fail "mig_upgrade('head') with a full pg_wal: psql exit $st"; indent <<<"$out"
fi
# (the postmaster logs which process died as it goes down: wait for it)
for ((i = 0; i < 300; i++)); do
    server_running || break
    sleep 0.1
done
panic=$(grep -E 'PANIC: .*No space left on device' "$tmp/server.log" | head -n 1) || true
if grep -Eq 'PANIC:  could not write to log file [0-9A-F]{24} at offset [0-9]+, length [0-9]+: No space left on device$' <<<"$panic"; then
    who=$(sed -n 's/.*LOG:  \(.* process (PID [0-9]*)\) was terminated by signal 6.*/\1/p' "$tmp/server.log" | head -n 1)
    ok "the server PANICked: ${panic#*PANIC:  } (raised in the $who)"
else
    fail "no PANIC for the full pg_wal in the server log"
    tail -n 20 "$tmp/server.log" | indent
fi
if ! server_running && grep -q 'shutting down because restart_after_crash is off' "$tmp/server.log"; then
    ok "the postmaster stopped after the crash (restart_after_crash = off)"
else
    die "the postmaster is still running after the PANIC"
fi

mount -o "remount,size=${wal_mb}m" "$tmp/walfs" || die "remount $tmp/walfs with ${wal_mb} MB"
lines=$(wc -l <"$tmp/server.log")
start_server || die "restart the server after the remount"
recovery=$(tail -n +"$((lines + 1))" "$tmp/server.log")
if grep -q 'database system was interrupted' <<<"$recovery" && grep -q 'redo done at' <<<"$recovery" &&
   grep -q 'database system is ready to accept connections' <<<"$recovery"; then
    ok "after remount,size=${wal_mb}m the server starts: crash recovery ($(grep -o 'redo done at [0-9A-F/]*' <<<"$recovery"))"
else
    fail "the restart after the remount did not go through crash recovery"; indent <<<"$recovery"
fi
dump disk2 "$tmp/disk2.after.sql"
if cmp -s "$tmp/disk2.before.sql" "$tmp/disk2.after.sql"; then
    ok "pg_dump after crash recovery is byte-identical to the one before the call"
else
    fail "pg_dump after crash recovery differs from the one before:"
    diff "$tmp/disk2.before.sql" "$tmp/disk2.after.sql" | head -n 40 | indent || true
fi
integrity >"$tmp/disk2.after.txt" || true
if cmp -s "$tmp/disk2.before.txt" "$tmp/disk2.after.txt" && grep -qxF "alembic_version=$b1" "$tmp/disk2.after.txt" &&
   grep -qxF "event=$rows2 rows, sum(amount)=$(pq -d disk2 -c "SELECT sum(i % 500) FROM generate_series(1, $rows2) i"), type integer" "$tmp/disk2.after.txt" &&
   grep -qxF "verify_heapam=0" "$tmp/disk2.after.txt"; then
    ok "the old version whole: alembic_version $b1, $rows2 events (amount integer), amcheck clean"
else
    fail "the database after crash recovery (-before +after):"
    diff "$tmp/disk2.before.txt" "$tmp/disk2.after.txt" | indent || true
    indent <"$tmp/disk2.after.txt"
fi

out=$(pq -d disk2 -c "SELECT mig_upgrade('head')" 2>&1) || true
state=$(pq -d disk2 -c "SELECT mig_current(), (SELECT count(*) FROM event), pg_typeof((SELECT min(amount) FROM event)),
                               (SELECT count(*) FROM event_archive), (SELECT string_agg(label, ',' ORDER BY id) FROM kind WHERE id <= 2)" 2>&1) || true
if grep -q "Running upgrade $b1 -> $b2" <<<"$out" && [ "$state" = "$b2|$rows2|bigint|$((rows2 / 10))|KIND 1,KIND 2" ]; then
    ok "the next mig_upgrade('head') succeeds: at $b2, event.amount bigint, all $rows2 rows"
else
    fail "the next mig_upgrade('head') after crash recovery"; indent <<<"$out"; indent <<<"$state"
fi

echo "== $(((($(now_ms) - t_start) + 500) / 1000)) s"
exit "$status"
