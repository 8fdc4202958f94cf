#!/usr/bin/env bash
# tests/crash/pg_terminate.sh -- end the backend that runs mig_upgrade in
# the middle of a table rewrite, many times at random moments, and crash
# the server in the middle of one; after each, the database must be at the
# old version with every row, hold no locks, and migrate again.
#
#   bash tests/crash/pg_terminate.sh [ROWS] [KILLS] [CRASHES]
#
#     ROWS     rows of item (default 1000000; child gets ROWS/10)
#     KILLS    rounds ended with pg_terminate_backend (default 10)
#     CRASHES  rounds of each server crash (default 1): `pg_ctl stop -m
#              immediate` and then a restart, and kill -9 of the migrating
#              backend (the postmaster then resets every backend and
#              recovers, as after a crash)
#
# make test runs it small (50000 rows, 6 kills: well under 40 s); the full
# run (1000000 rows, 10 kills) is for the record in tests/crash/README.md.
#
# It starts its own throwaway PostgreSQL 15 cluster (as user postgres when
# run as root: initdb refuses root), listening only on a Unix socket in a
# fresh temporary directory, stopped and removed on every exit.  The mig
# extension must be installed (make -C pg_ext install); this script does
# not install it.  Environment: PG_CONFIG, MIG_PGPORT (default: random; it
# only names the socket file), SEED (seeds bash's RANDOM, printed: replays
# the delays, not the machine's timing), KEEP=1 (keep the directory).
#
# Setup: a template database crash_tpl (extensions mig and amcheck,
# revision c1a5e0000001 of tests/crash/versions, ROWS rows in item, an
# index, a trigger, a child table); three uninterrupted upgrades to
# c1a5e0000002 (one ALTER TABLE that rewrites item, an UPDATE of every
# row, a new index), each in a new database made from the template: the
# median of their durations is the window for the kills.  Per round: a new
# database crash_<round> from the template; `psql -c "SELECT
# mig_upgrade('head')"` in the background; after a random time within the
# window (for the crash rounds: its first three quarters), the migrating
# backend (found in pg_stat_activity) is ended, or the server crashed.
# Then: the version is the old one and every column, row, checksum,
# constraint, index and trigger is as in the template (or, only when the
# upgrade committed first, exactly as after an uninterrupted upgrade);
# amcheck finds nothing (bt_index_check with heapallindexed,
# verify_heapam); no backend holds a lock or mig's advisory lock; no
# prepared transaction; no relation file with data in it that no relation
# owns (reported, not failed, after a crash: PostgreSQL does not remove
# the files of transactions a crash interrupted).  Then mig_upgrade('head')
# runs again and must give exactly the state of an uninterrupted upgrade.
# "ok ..." or "FAIL ..." per round, a summary, exit 1 on any failure.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rows=${1:-1000000}
kills=${2:-10}
crashes=${3:-1}
case $rows$kills$crashes in *[!0-9]*) echo "usage: $0 [ROWS] [KILLS] [CRASHES]" >&2; exit 2 ;; esac
[ "$rows" -ge 10 ] || { echo "ROWS must be at least 10" >&2; exit 2; }
seed=${SEED:-$$}
RANDOM=$seed
port=${MIG_PGPORT:-$((50000 + RANDOM % 10000))}
versions=$here/versions
old=c1a5e0000001
new=c1a5e0000002
children=$((rows / 10))
appname=mig_crash_upgrade

# The throwaway cluster, as tests/pg/lib.sh sets it up (written out here so
# that plain `shellcheck` follows every variable): the server runs as
# postgres when we are root, in a fresh directory that user owns.
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$pg_config" --bindir)
sharedir=$("$pg_config" --sharedir)
if [ "$(id -u)" = 0 ]; then
    as_server() { runuser -u postgres -- "$@"; }
    server_user=postgres
else
    as_server() { "$@"; }
    server_user=$(id -un)
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-crash-pg.XXXXXX")
chmod 755 "$tmp"
chown "$server_user" "$tmp"
if [ ! -f "$sharedir/extension/mig.control" ]; then
    echo "the mig extension is not installed in $sharedir: run make -C pg_ext install first" >&2
    rm -rf "$tmp"
    exit 2
fi

upid=""
cleanup() {
    status=$?
    if [ -n "$upid" ]; then kill -9 "$upid" 2>/dev/null || true; fi
    if [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export PGHOST=$tmp PGPORT=$port PGUSER=postgres PGOPTIONS='-c client_min_messages=warning'
# the server version's own psql, not Debian's wrapper script (a Perl start-up per call)
pq() { "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# Default settings, except: a socket only, and recovery_init_sync_method
# =syncfs: before crash recovery the server syncs the data directory, file
# by file by default, which took 3-5 s on a quiet machine against 0.2 s
# (the same sync, done as one syncfs() of the file system; PostgreSQL 14+
# on Linux).
start_server() {
    as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
        -o "-c listen_addresses='' -k $tmp -p $port -c recovery_init_sync_method=syncfs" -w start >/dev/null \
        || { tail -n 30 "$tmp/server.log"; exit 1; }
}
ready_count() { grep -c "database system is ready to accept connections" "$tmp/server.log" || true; }
wait_ready() {   # after the postmaster's own crash recovery: $1 = ready_count before the crash
    local i
    for ((i = 0; i < 600; i++)); do
        if [ "$(ready_count)" -gt "$1" ] && pq -d postgres -c "SELECT 1" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "FAIL the server did not come back"; tail -n 30 "$tmp/server.log"; exit 1
}

echo "== $(as_server "$bindir/postgres" --version), $rows item rows, $children child rows, $kills kills, $crashes crash(es) of each kind, SEED=$seed, cluster in $tmp (port $port)"
as_server "$bindir/initdb" -D "$tmp/data" -A trust -U postgres --no-sync >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; exit 1; }
start_server

# ---- the template: mig, amcheck, revision c1a5e0000001 and the rows
t0=$(now_ms)
pq -d postgres -c "CREATE DATABASE crash_tpl"
pq -d crash_tpl -v s1="$(cat "$versions/${old}_schema.sql")" -v s2="$(cat "$versions/${new}_rebuild.sql")" <<SQL >/dev/null
CREATE EXTENSION mig;
CREATE EXTENSION amcheck;
SELECT mig_register(:'s1');
SELECT mig_register(:'s2');
SELECT mig_upgrade('$old');
INSERT INTO item (id, name, qty, note)
SELECT i, 'item ' || i, i % 1000, CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || (i % 97) END
  FROM generate_series(1, $rows) i;
INSERT INTO child (id, item_id, tag) SELECT i, i * 10 - 3, 'tag ' || (i % 13) FROM generate_series(1, $children) i;
VACUUM ANALYZE;
CHECKPOINT;
SQL
echo "   template crash_tpl: $(pq -d postgres -c "SELECT pg_size_pretty(pg_database_size('crash_tpl'))"), made in $(($(now_ms) - t0)) ms"

# The state of database $db, one fact a line.
state() {
    pq -d "$db" 2>&1 <<'SQL'
SELECT 'version=' || coalesce((SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version), 'none');
SELECT 'columns=' || string_agg(attname || ':' || format_type(atttypid, atttypmod) || ':' || attnotnull, ',' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = 'item'::regclass AND attnum > 0 AND NOT attisdropped;
SELECT 'item=' || count(*) || ' rows, sum(id*7+qty)=' || coalesce(sum(id * 7 + qty), 0)
       || ', sum(length(name))=' || coalesce(sum(length(name)), 0) FROM item;
SELECT 'child=' || count(*) || ' rows, sum(item_id)=' || coalesce(sum(item_id), 0)
       || ', orphans=' || (SELECT count(*) FROM child c WHERE NOT EXISTS (SELECT FROM item i WHERE i.id = c.item_id))
  FROM child;
SELECT 'constraint ' || conrelid::regclass || '.' || conname || '=' || pg_get_constraintdef(oid) || ' valid=' || convalidated
  FROM pg_constraint WHERE conrelid IN ('item'::regclass, 'child'::regclass) ORDER BY 1;
SELECT 'index ' || indexrelid::regclass || '=' || pg_get_indexdef(indexrelid) || ' valid=' || indisvalid || ' ready=' || indisready
  FROM pg_index WHERE indrelid IN ('item'::regclass, 'child'::regclass, 'item_log'::regclass) ORDER BY 1;
SELECT 'trigger ' || tgname || '=' || pg_get_triggerdef(oid) || ' enabled=' || tgenabled::text
  FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'item'::regclass ORDER BY 1;
SELECT 'relations=' || string_agg(relname || ':' || relkind::text, ',' ORDER BY relname)
  FROM pg_class WHERE relnamespace = 'public'::regnamespace;
SELECT 'item_log=' || count(*) FROM item_log;
SELECT 'mig_log=' || coalesce(string_agg(revision || ':' || direction, ',' ORDER BY id), '') FROM mig_log;
SELECT 'mig_snapshot=' || coalesce(string_agg(heads, ','), '') FROM mig_snapshot;
SELECT 'mig_revision=' || string_agg(revision, ',' ORDER BY revision) FROM mig_revision;
SELECT 'btree indexes checked (heapallindexed)=' || count(bt_index_check(i.indexrelid, true))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
 WHERE a.amname = 'btree' AND i.indrelid IN ('item'::regclass, 'child'::regclass, 'item_log'::regclass);
SELECT 'verify_heapam=' || (SELECT count(*) FROM verify_heapam('item')) + (SELECT count(*) FROM verify_heapam('child'))
       + (SELECT count(*) FROM verify_heapam('alembic_version')) + (SELECT count(*) FROM verify_heapam('mig_log'));
SQL
}

# Locks, backends and files a killed migration may have left.
leftovers() {
    pq -d "$db" 2>&1 <<SQL
SELECT 'locks held by other client backends=' || count(*)
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE a.backend_type = 'client backend' AND l.pid <> pg_backend_pid();
SELECT 'mig advisory lock free=' || pg_try_advisory_xact_lock(7883946282227557227);
SELECT 'prepared transactions=' || count(*) FROM pg_prepared_xacts;
SELECT 'backends of $appname=' || count(*) FROM pg_stat_activity WHERE application_name = '$appname';
SQL
}
leftovers_ok="locks held by other client backends=0
mig advisory lock free=true
prepared transactions=0
backends of $appname=0"

# Relation files of database $db that no relation owns, with data in
# them: "count bytes".  (Aborting a transaction unlinks the files of the
# relations it created, but truncates the first segment of each to zero
# bytes and leaves it for the next checkpoint: empty files do not count.)
orphan_files() {
    local dboid
    dboid=$(pq -d postgres -c "SELECT oid FROM pg_database WHERE datname = '$db'")
    pq -d "$db" -c "SELECT pg_relation_filenode(oid) FROM pg_class WHERE pg_relation_filenode(oid) IS NOT NULL" >"$tmp/filenodes"
    find "$tmp/data/base/$dboid" -maxdepth 1 -type f -size +0 -printf '%f %s\n' \
        | awk 'NR == FNR { known[$1] = 1; next }
               { base = $1; sub(/[._].*/, "", base) }
               base ~ /^[0-9]+$/ && !(base in known) { n++; bytes += $2 }
               END { print n + 0, bytes + 0 }' "$tmp/filenodes" -
}

# A new database for each run: crash_ref1-3, crash_1, crash_2, ... (not
# dropped: DROP DATABASE waits for a checkpoint, and the cluster goes
# anyway).
fresh_db() {   # name
    db=$1
    pq -d postgres -c "CREATE DATABASE $db TEMPLATE crash_tpl"
}

# ---- the old state, and three uninterrupted upgrades (each in a new
# database): the median of their durations bounds the random kill times,
# and the state they leave is the only other state allowed
fresh_db crash_ref1
state >"$tmp/old.state" || { echo "FAIL setup: the state of the template:"; cat "$tmp/old.state"; exit 1; }
sum_old=$(pq -d "$db" -c "SELECT sum(id * 7 + qty) FROM item")
names=$(pq -d "$db" -c "SELECT sum(length(name)) FROM item")
csum=$(pq -d "$db" -c "SELECT sum(item_id) FROM child")
expect_line() {   # file, line
    grep -qxF -- "$2" "$1" || { echo "FAIL setup: $1 lacks: $2"; cat "$1"; exit 1; }
}
expect_line "$tmp/old.state" "version=$old"
expect_line "$tmp/old.state" "columns=id:integer:true,name:text:false,qty:integer:true,note:text:false"
expect_line "$tmp/old.state" "item=$rows rows, sum(id*7+qty)=$sum_old, sum(length(name))=$names"
expect_line "$tmp/old.state" "child=$children rows, sum(item_id)=$csum, orphans=0"
expect_line "$tmp/old.state" "verify_heapam=0"
times=()
for run in 1 2 3; do
    [ $run = 1 ] || fresh_db "crash_ref$run"
    t0=$(now_ms)
    if ! PGAPPNAME=$appname pq -d "$db" -c "SELECT mig_upgrade('head')" >"$tmp/ref.out" 2>&1; then
        echo "FAIL setup: an uninterrupted upgrade failed:"; cat "$tmp/ref.out"; exit 1
    fi
    times+=("$(($(now_ms) - t0))")
    if [ $run = 1 ] && ! state >"$tmp/new.state"; then
        echo "FAIL setup: the state after an uninterrupted upgrade:"; cat "$tmp/new.state"; exit 1
    fi
done
dur=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "   one whole upgrade: $dur ms (median of ${times[0]}, ${times[1]}, ${times[2]} ms)"
expect_line "$tmp/new.state" "version=$new"
expect_line "$tmp/new.state" "columns=id:integer:true,name:text:true,qty:bigint:true"
expect_line "$tmp/new.state" "item=$rows rows, sum(id*7+qty)=$((sum_old + rows)), sum(length(name))=$names"
expect_line "$tmp/new.state" "child=$children rows, sum(item_id)=$csum, orphans=0"
expect_line "$tmp/new.state" "item_log=0"
expect_line "$tmp/new.state" "mig_log=$old:upgrade,$new:upgrade"
expect_line "$tmp/new.state" "index item_qty=CREATE INDEX item_qty ON public.item USING btree (qty) valid=true ready=true"
expect_line "$tmp/new.state" "verify_heapam=0"
grep -q '^trigger item_rename=' "$tmp/new.state" || { echo "FAIL setup: no trigger after the upgrade"; exit 1; }

fail=0
failures=""
report_fail() {   # label, message, [file to show]
    fail=$((fail + 1))
    failures="$failures
  $1"
    echo "FAIL $1: $2"
    if [ -n "${3:-}" ] && [ -f "$3" ]; then sed 's/^/     | /' "$3"; fi
}

# The migrating backend's pid, once psql has started it; empty when psql
# has already exited.  Only the client backend: parallel workers (an index
# rebuilt after the rewrite, the CREATE INDEX) show the same application
# name and query.
find_backend() {
    local pid i
    for ((i = 0; i < 500; i++)); do
        pid=$(pq -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$appname'
                                  AND backend_type = 'client backend' AND state = 'active'
                                  AND query LIKE '%mig_upgrade%' AND pid <> pg_backend_pid()")
        if [ -n "$pid" ]; then echo "$pid"; return 0; fi
        kill -0 "$upid" 2>/dev/null || return 0
        sleep 0.01
    done
}

declare -A n_kills n_mid n_after n_before
kinds="terminate immediate sigkill"
for kind in $kinds; do n_kills[$kind]=0; n_mid[$kind]=0; n_after[$kind]=0; n_before[$kind]=0; done
plan=""
for ((k = 1; k <= kills; k++)); do plan="$plan terminate"; done
for ((k = 1; k <= crashes; k++)); do plan="$plan immediate sigkill"; done
total=$((kills + 2 * crashes))
k=0
for kind in $plan; do
    k=$((k + 1))
    label="round $k/$total ($kind)"
    fresh_db "crash_$k"
    # a time within the window; for the crash rounds, of which there are
    # few, within its first three quarters, so that they land mid-run
    # (uninterrupted upgrades vary by 10-20 %)
    if [ "$kind" = terminate ]; then span=$dur; else span=$((dur * 3 / 4)); fi
    delay=$(((RANDOM * 32768 + RANDOM) % span))
    n_kills[$kind]=$((n_kills[$kind] + 1))
    bpid=""
    r=""
    t0=$(now_ms)
    PGAPPNAME=$appname "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SELECT mig_upgrade('head')" >"$tmp/up.out" 2>&1 &
    upid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    case $kind in
        terminate)
            bpid=$(find_backend)
            at=$(($(now_ms) - t0))
            # false (with a warning) when the backend ended by itself in
            # between: then psql must have exited 0 (checked below)
            if [ -n "$bpid" ]; then
                r=$(pq -d postgres -c "SELECT pg_terminate_backend($bpid, 60000)" 2>/dev/null) || r="error"
            fi ;;
        immediate)
            at=$(($(now_ms) - t0))
            as_server "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null
            ;;
        sigkill)
            bpid=$(find_backend)
            at=$(($(now_ms) - t0))
            ready=$(ready_count)
            # (it may have ended by itself in between)
            if [ -n "$bpid" ] && ! kill -9 "$bpid" 2>/dev/null; then bpid=""; fi ;;
    esac
    st=0
    wait "$upid" || st=$?
    upid=""
    if [ "$kind" = terminate ] && [ -n "$bpid" ] && [ "$r" != t ] && { [ "$r" != f ] || [ "$st" != 0 ]; }; then
        report_fail "$label" "pg_terminate_backend($bpid) at $at ms returned '$r', and psql exited $st" "$tmp/up.out"
        continue
    fi
    case $kind in
        immediate) start_server ;;
        sigkill) if [ -n "$bpid" ]; then wait_ready "$ready"; fi ;;
    esac
    if [ "$st" = 0 ]; then
        when="finished before the kill (at $at ms of $dur)"
    elif grep -q "terminating connection\|server closed the connection\|connection to server was lost" "$tmp/up.out"; then
        # where it was, when the server said (its CONTEXT: mig's statement
        # number; 1-3 are the one combined ALTER TABLE)
        where=$(sed -n 's/.*\(upgrade statements* [0-9-]* of [0-9]*\).*/\1/p' "$tmp/up.out" | head -n 1)
        when="killed at $at ms of $dur${where:+ (in $where)}"
    else
        report_fail "$label" "the upgrade failed by itself (psql exit $st)" "$tmp/up.out"; continue
    fi

    state >"$tmp/after.state" || true
    leftovers >"$tmp/after.left" || true
    if [ "$(cat "$tmp/after.left")" != "$leftovers_ok" ]; then
        report_fail "$label" "$when; something is left over:" "$tmp/after.left"; continue
    fi
    read -r orphans orphan_bytes < <(orphan_files)
    note=""
    if [ "$orphans" != 0 ]; then
        if [ "$kind" = terminate ]; then
            report_fail "$label" "$when; $orphans relation files ($orphan_bytes bytes) that no relation owns are left in the database directory"
            continue
        fi
        note="; $orphans orphaned relation files ($((orphan_bytes / 1024)) KiB) left by the crash (PostgreSQL does not remove them)"
    fi
    if cmp -s "$tmp/after.state" "$tmp/old.state"; then
        if [ "$st" = 0 ]; then report_fail "$label" "$when, yet the database is at the old version"; continue; fi
        n_mid[$kind]=$((n_mid[$kind] + 1))
        result="old version, all $rows rows and $children child rows, constraints, indexes, trigger; amcheck clean; no locks left$note"
    elif cmp -s "$tmp/after.state" "$tmp/new.state"; then
        if [ "$st" = 0 ]; then
            n_before[$kind]=$((n_before[$kind] + 1))
        else
            n_after[$kind]=$((n_after[$kind] + 1)); when="$when, after the commit"
        fi
        result="new version, the upgrade complete; amcheck clean; no locks left$note"
    else
        {
            echo "after the kill (-) against the old state (+):"
            diff "$tmp/after.state" "$tmp/old.state" || true
            echo "against the state of an uninterrupted upgrade (+):"
            diff "$tmp/after.state" "$tmp/new.state" || true
        } >"$tmp/why"
        report_fail "$label" "$when; the database is neither the old state nor the upgraded one" "$tmp/why"
        continue
    fi
    if ! PGAPPNAME=$appname pq -d "$db" -c "SELECT mig_upgrade('head')" >"$tmp/again.out" 2>&1; then
        report_fail "$label" "$when: $result; but the next mig_upgrade('head') failed" "$tmp/again.out"; continue
    fi
    state >"$tmp/again.state" || true
    if ! cmp -s "$tmp/again.state" "$tmp/new.state"; then
        diff "$tmp/again.state" "$tmp/new.state" >"$tmp/why" || true
        report_fail "$label" "$when: $result; the next mig_upgrade('head') left a different state (-) than an uninterrupted one (+)" "$tmp/why"
        continue
    fi
    echo "ok   $label: $when: $result; the next mig_upgrade succeeded"
done

echo "== summary ($rows rows, SEED=$seed; one whole upgrade $dur ms)"
for kind in $kinds; do
    case $kind in
        terminate) what="pg_terminate_backend" ;;
        immediate) what="pg_ctl stop -m immediate, restart" ;;
        sigkill) what="kill -9 of the backend, postmaster recovery" ;;
    esac
    echo "   $what: ${n_kills[$kind]} rounds, ${n_mid[$kind]} mid-run (old version after), ${n_after[$kind]} after the commit, ${n_before[$kind]} finished before the kill"
done
if [ "$fail" -gt 0 ]; then
    echo "FAIL: $fail of $total rounds:$failures"
    exit 1
fi
echo "ok: all $total rounds"
