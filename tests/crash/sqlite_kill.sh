#!/usr/bin/env bash
# tests/crash/sqlite_kill.sh -- kill -9 a sqlite3 process in the middle of
# mig_upgrade's table rebuild, many times at random moments, in
# rollback-journal (journal_mode=DELETE) and WAL mode, and check after each
# kill that the database is the old one, whole, and can still be migrated.
#
#   bash tests/crash/sqlite_kill.sh [ROWS] [KILLS]
#
#     ROWS   rows of item (default 1000000; child gets ROWS/10)
#     KILLS  kills in all (default 20): the first half in journal_mode=DELETE,
#            the rest in WAL
#
# make test runs it small (50000 rows, 6 kills: well under 40 s); the full
# run (1000000 rows, 20 kills) is for the record in tests/crash/README.md.
#
# Environment: MIG_SO (default: <repo>/mig.so, built with make if missing;
# copied to a temporary directory before use), SEED (seeds bash's RANDOM,
# printed at the start: replays the delays, not the machine's timing),
# KEEP=1 (keep the temporary directory).
#
# Setup: a pristine database at revision c1a5e0000001 of
# tests/crash/versions with ROWS rows; three uninterrupted upgrades to
# c1a5e0000002 per journal mode (one table rebuild of item: qty to BIGINT,
# DROP COLUMN, SET NOT NULL; an UPDATE of every row; a new index): the
# median of their durations is that mode's window for the kills.  Per
# kill: a fresh copy of the pristine database in the round's journal mode;
# `sqlite3 db ".load mig" "SELECT mig_upgrade('head');"` in the background
# (foreign keys on, as an application has them); a random sleep within the
# window; kill -9.  Then the database is opened normally by a new sqlite3
# process (which recovers a hot journal or a WAL, as SQLite promises) and
# must pass PRAGMA integrity_check and foreign_key_check, and hold exactly
# the old state (version c1a5e0000001, the same columns, rows, checksums,
# indexes, trigger and mig tables as the pristine copy) -- or, only when
# the process got as far as committing, exactly the state of an
# uninterrupted upgrade.  Then mig_upgrade('head') runs again and must
# leave exactly that state.  "ok ..." or "FAIL ..." per kill, a summary,
# exit 1 on any failure.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${1:-1000000}
kills=${2:-20}
case $rows$kills in *[!0-9]*) echo "usage: $0 [ROWS] [KILLS]" >&2; exit 2 ;; esac
[ "$rows" -ge 10 ] || { echo "ROWS must be at least 10" >&2; exit 2; }
seed=${SEED:-$$}
RANDOM=$seed

command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 2; }
so_src=${MIG_SO:-$root/mig.so}
if [ ! -f "$so_src" ] && [ -z "${MIG_SO:-}" ]; then
    make -C "$root" -s mig.so
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-crash-sqlite.XXXXXX")
cleanup() {
    status=$?
    # a background sqlite3 of ours that is still running
    if [ -n "${upid:-}" ]; then kill -9 "$upid" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$so_src" "$tmp/mig.so"
mig=$tmp/mig              # .load takes the path without .so
versions=$here/versions
old=c1a5e0000001
new=c1a5e0000002
children=$((rows / 10))

now_ms() { echo $(($(date +%s%N) / 1000000)); }
size() { local b; b=$(stat -c %s "$1"); if [ "$b" -lt 1024 ]; then echo "$b bytes"; else echo "$((b / 1024)) KiB"; fi; }

# The state of a database, one fact a line.  The first statement is
# integrity_check: this process is the first to open the database after a
# kill, so it is the one that rolls back a hot journal or recovers the WAL.
state() {
    sqlite3 -batch -noheader -list "$1" <<'SQL'
SELECT 'integrity_check=' || group_concat(integrity_check, ' | ') FROM pragma_integrity_check;
SELECT 'foreign_key_check=' || count(*) FROM pragma_foreign_key_check;
SELECT 'version=' || coalesce((SELECT group_concat(version_num) FROM alembic_version), 'none');
SELECT 'columns=' || group_concat(name || ':' || type || ':' || "notnull" || ':' || pk, ',')
  FROM (SELECT * FROM pragma_table_info('item') ORDER BY cid);
SELECT 'item=' || count(*) || ' rows, sum(id*7+qty)=' || coalesce(sum(id * 7 + qty), 0)
       || ', sum(length(name))=' || coalesce(sum(length(name)), 0) FROM item;
SELECT 'child=' || count(*) || ' rows, sum(item_id)=' || coalesce(sum(item_id), 0)
       || ', orphans=' || (SELECT count(*) FROM child WHERE item_id NOT IN (SELECT id FROM item))
  FROM child;
SELECT 'child_fk=' || group_concat("table" || '.' || coalesce("to", '') || ' on delete ' || on_delete, ',')
  FROM pragma_foreign_key_list('child');
SELECT 'schema=' || group_concat(type || ':' || name, ',')
  FROM (SELECT type, name FROM sqlite_schema ORDER BY type, name);
SELECT type || ' ' || name || '=' || sql FROM sqlite_schema
 WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name;
SELECT 'item_log=' || count(*) FROM item_log;
SELECT 'mig_log=' || coalesce(group_concat(revision || ':' || direction, ','), '')
  FROM (SELECT * FROM mig_log ORDER BY id);
SELECT 'mig_snapshot=' || coalesce(group_concat(heads, ','), '') FROM mig_snapshot;
SELECT 'mig_revision=' || group_concat(revision, ',') FROM (SELECT revision FROM mig_revision ORDER BY 1);
SQL
}

# One whole `sqlite3 db .load mig "SELECT mig_upgrade('head')"`, the
# process that is killed; foreign keys on, as an application has them.
# exec: started with &, the background job is the sqlite3 process itself
# (kill -9 of a subshell would leave sqlite3 running).
upgrade_cmd() {
    exec sqlite3 -batch -cmd "PRAGMA foreign_keys=ON" "$1" ".load $mig" "SELECT mig_upgrade('head');"
}

fail=0
failures=""
report_fail() {   # label, message, [file to show]
    fail=$((fail + 1))
    failures="$failures
  $1"
    echo "FAIL $1: $2"
    if [ -n "${3:-}" ] && [ -f "$3" ]; then sed 's/^/     | /' "$3"; fi
}

# ---- the pristine database: revision c1a5e0000001, then the rows
echo "== sqlite3 $(sqlite3 --version | cut -d' ' -f1-2), $rows item rows, $children child rows, $kills kills, SEED=$seed, in $tmp"
t0=$(now_ms)
pristine=$tmp/pristine.db
sqlite3 -batch "$pristine" ".load $mig" \
    "SELECT mig_register(readfile('$versions/${old}_schema.sql'));" \
    "SELECT mig_register(readfile('$versions/${new}_rebuild.sql'));" \
    "SELECT mig_upgrade('$old');" >/dev/null
sqlite3 -batch "$pristine" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO item (id, name, qty, note)
SELECT i, 'item ' || i, i % 1000, CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || (i % 97) END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $children)
INSERT INTO child (id, item_id, tag) SELECT i, i * 10 - 3, 'tag ' || (i % 13) FROM n;
COMMIT;
SQL
state "$pristine" >"$tmp/old.state"
echo "   pristine database: $(($(stat -c %s "$pristine") / 1024)) KiB, made in $(($(now_ms) - t0)) ms"

# What the old state must say (the rest is compared with it as a whole).
expect_line() {   # file, line
    grep -qxF -- "$2" "$1" || { echo "FAIL setup: $1 lacks: $2"; cat "$1"; exit 1; }
}
sum_old=$(sqlite3 "$pristine" "SELECT sum(id * 7 + qty) FROM item;")
names=$(sqlite3 "$pristine" "SELECT sum(length(name)) FROM item;")
csum=$(sqlite3 "$pristine" "SELECT sum(item_id) FROM child;")
expect_line "$tmp/old.state" "integrity_check=ok"
expect_line "$tmp/old.state" "foreign_key_check=0"
expect_line "$tmp/old.state" "version=$old"
expect_line "$tmp/old.state" "columns=id:INTEGER:0:1,name:TEXT:0:0,qty:INTEGER:1:0,note:TEXT:0:0"
expect_line "$tmp/old.state" "item=$rows rows, sum(id*7+qty)=$sum_old, sum(length(name))=$names"
expect_line "$tmp/old.state" "child=$children rows, sum(item_id)=$csum, orphans=0"

# ---- uninterrupted upgrades, three per journal mode: the median of their
# durations bounds the random kill times, and the state they leave is the
# one state a committed upgrade may leave.  One more run with .timer on
# tells how much of that time the mig_upgrade statement itself takes, up
# to its commit (the rest is start-up and closing: in WAL mode the last
# connection to close checkpoints the WAL into the database file).
declare -A dur stmt
for mode in delete wal; do
    times=()
    for run in 1 2 3 timer; do
        db=$tmp/ref-$mode.db
        rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
        cp "$pristine" "$db"
        [ "$(sqlite3 "$db" "PRAGMA journal_mode=$mode;")" = "$mode" ] || { echo "FAIL setup: journal_mode=$mode"; exit 1; }
        t0=$(now_ms)
        if [ $run = timer ]; then
            printf '.timer on\n.load %s\nSELECT mig_upgrade('"'head'"');\n' "$mig" \
                | sqlite3 -batch -cmd "PRAGMA foreign_keys=ON" "$db" >"$tmp/ref-$mode.out" 2>&1 || true
            stmt[$mode]=$(awk '/^Run Time: real/ { ms = int($4 * 1000) } END { print ms }' "$tmp/ref-$mode.out")
            continue
        fi
        if ! (upgrade_cmd "$db") >"$tmp/ref-$mode.out" 2>&1; then
            echo "FAIL setup: an uninterrupted upgrade in journal_mode=$mode failed:"; cat "$tmp/ref-$mode.out"; exit 1
        fi
        times+=("$(($(now_ms) - t0))")
        if [ $run = 1 ]; then state "$db" >"$tmp/new-$mode.state"; fi
    done
    dur[$mode]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
    echo "   one whole upgrade, journal_mode=$mode: ${dur[$mode]} ms (median of ${times[0]}, ${times[1]}, ${times[2]} ms; in one more run with .timer on, the mig_upgrade statement to its commit took ${stmt[$mode]:-?} ms)"
done
if ! diff "$tmp/new-delete.state" "$tmp/new-wal.state" >"$tmp/ref.diff"; then
    echo "FAIL setup: the upgrade gives different results in DELETE and WAL mode:"; cat "$tmp/ref.diff"; exit 1
fi
cp "$tmp/new-delete.state" "$tmp/new.state"
expect_line "$tmp/new.state" "integrity_check=ok"
expect_line "$tmp/new.state" "foreign_key_check=0"
expect_line "$tmp/new.state" "version=$new"
expect_line "$tmp/new.state" "columns=id:INTEGER:0:1,name:TEXT:1:0,qty:BIGINT:1:0"
expect_line "$tmp/new.state" "item=$rows rows, sum(id*7+qty)=$((sum_old + rows)), sum(length(name))=$names"
expect_line "$tmp/new.state" "child=$children rows, sum(item_id)=$csum, orphans=0"
expect_line "$tmp/new.state" "child_fk=item.id on delete CASCADE"
expect_line "$tmp/new.state" "item_log=0"
expect_line "$tmp/new.state" "mig_log=$old:upgrade,$new:upgrade"
# the schema of the old state plus the new index, nothing left over
want_schema=$(grep '^schema=' "$tmp/old.state" | sed 's/^schema=//' | tr ',' '\n' \
    | { cat; echo "index:item_qty"; } | sort -t: -k1,1 -k2,2 | paste -sd, -)
expect_line "$tmp/new.state" "schema=$want_schema"
for obj in "index item_name" "index child_item" "trigger item_rename"; do
    grep -q "^$obj=" "$tmp/new.state" || { echo "FAIL setup: the upgraded database lacks $obj"; exit 1; }
done

# ---- the kills
declare -A n_kills n_mid n_hot n_after n_before
for mode in delete wal; do n_kills[$mode]=0; n_mid[$mode]=0; n_hot[$mode]=0; n_after[$mode]=0; n_before[$mode]=0; done
half=$(((kills + 1) / 2))
for ((k = 1; k <= kills; k++)); do
    if [ "$k" -le "$half" ]; then mode=delete; else mode=wal; fi
    label="kill $k/$kills ($mode)"
    db=$tmp/kill.db
    rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
    cp "$pristine" "$db"
    sqlite3 "$db" "PRAGMA journal_mode=$mode;" >/dev/null
    d=${dur[$mode]}
    delay=$(((RANDOM * 32768 + RANDOM) % d))
    n_kills[$mode]=$((n_kills[$mode] + 1))

    upgrade_cmd "$db" >"$tmp/up.out" 2>&1 &
    upid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$upid" 2>/dev/null || true
    st=0
    { wait "$upid"; } 2>/dev/null || st=$?
    upid=""
    # What the kill left on disk (sizes only; the check opens the database
    # normally and lets SQLite recover).
    left=""
    if [ "$mode" = delete ] && [ -s "$db-journal" ]; then left="a journal of $(size "$db-journal")"; fi
    if [ "$mode" = wal ] && [ -s "$db-wal" ]; then left="a WAL of $(size "$db-wal")"; fi

    state "$db" >"$tmp/after.state" 2>&1 || true
    case $st in
        137) when="killed at ${delay} ms of ${d}" ;;
        0) when="finished before the kill (at ${delay} ms of ${d})" ;;
        *) report_fail "$label" "the upgrade failed by itself (exit $st) before the kill at ${delay} ms" "$tmp/up.out"; continue ;;
    esac
    if cmp -s "$tmp/after.state" "$tmp/old.state"; then
        if [ "$st" = 0 ]; then
            report_fail "$label" "$when, yet the database is at the old version" "$tmp/after.state"; continue
        fi
        n_mid[$mode]=$((n_mid[$mode] + 1))
        [ -n "$left" ] && n_hot[$mode]=$((n_hot[$mode] + 1))
        result="old version, all $rows rows and $children child rows, indexes, trigger (the kill left ${left:-no journal or WAL})"
    elif cmp -s "$tmp/after.state" "$tmp/new.state"; then
        if [ "$st" = 0 ]; then
            n_before[$mode]=$((n_before[$mode] + 1))
        else
            n_after[$mode]=$((n_after[$mode] + 1))
            when="$when, after the commit, while sqlite3 was closing"
        fi
        result="new version, the rebuild complete${left:+ (the kill left $left)}"
    else
        {
            echo "after the kill (-) against the old state (+):"
            diff "$tmp/after.state" "$tmp/old.state" || true
            echo "against the state of an uninterrupted upgrade (+):"
            diff "$tmp/after.state" "$tmp/new.state" || true
        } >"$tmp/why"
        report_fail "$label" "$when; the database is neither the old state nor the upgraded one (left: ${left:-nothing})" "$tmp/why"
        cp "$db" "$tmp/failed-$k.db" 2>/dev/null || true
        continue
    fi
    # the next migration must succeed and leave exactly the upgraded state
    if ! (upgrade_cmd "$db") >"$tmp/again.out" 2>&1; then
        report_fail "$label" "$when: $result; but the next mig_upgrade('head') failed" "$tmp/again.out"; continue
    fi
    state "$db" >"$tmp/again.state" 2>&1 || true
    if ! cmp -s "$tmp/again.state" "$tmp/new.state"; then
        diff "$tmp/again.state" "$tmp/new.state" >"$tmp/why" || true
        report_fail "$label" "$when: $result; the next mig_upgrade('head') left a different state (-) than an uninterrupted one (+)" "$tmp/why"
        continue
    fi
    echo "ok   $label: $when: $result; the next mig_upgrade succeeded"
done

echo "== summary ($rows rows, SEED=$seed)"
for mode in delete wal; do
    echo "   journal_mode=$mode: ${n_kills[$mode]} kills: ${n_mid[$mode]} mid-run, before the commit (old version after recovery; ${n_hot[$mode]} of them left a $([ $mode = delete ] && echo journal || echo WAL) for the next connection to recover), ${n_after[$mode]} after the commit while sqlite3 was closing (new version), ${n_before[$mode]} finished before the kill; one whole upgrade ${dur[$mode]} ms"
done
if [ "$fail" -gt 0 ]; then
    echo "FAIL: $fail of $kills kills:$failures"
    exit 1
fi
echo "ok: all $kills kills"
