#!/usr/bin/env bash
# tests/many/run.sh -- tools/mig-many: many databases at once, a failure in
# one leaves it untouched and does not stop the others.
#
#   bash tests/many/run.sh [path/to/mig.so]
#
# SQLite: 60 files (3 of them prepared to fail at revision 2), a path that
# does not exist and a file that is not a database, migrated with -j 8:
# exit status, summary, every good database at head, every failed one
# byte for byte as before (not even the scripts registered), the retry of
# the failures through stdin, a second run that changes nothing, usage
# errors, --fk-check.
# PostgreSQL (when PGHOST is set and the mig extension is installed there,
# as tests/pg/run.sh does): 10 databases, 1 failing, with --pg; the
# databases many_test_<pid>_* are dropped afterwards.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
so=${1:-${MIG_SO:-$root/mig.so}}
case $so in /*) ;; *) so=$PWD/$so ;; esac
tool=$root/tools/mig-many
status=0
pg_dbs=()

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-many-test.XXXXXX")
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    local rc=$? d
    for d in "${pg_dbs[@]+"${pg_dbs[@]}"}"; do
        psql -X -q -w -d postgres -c "DROP DATABASE IF EXISTS \"$d\"" >/dev/null 2>&1 || true
    done
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; status=1; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else fail "$what"; fi
}

[ -f "$so" ] || { echo "FAIL no mig extension at $so (make mig.so)"; exit 1; }
# a copy: a rebuild of the checkout's mig.so during the run changes nothing
cp "$so" "$tmp/mig.so"
so=$tmp/mig.so

# ---- the history: three revisions, written for both engines
v=$tmp/versions
mkdir -p "$v"
cat >"$v/r1_customer.sql" <<'EOF'
-- mig:revision r1
-- mig:down_revision none
-- mig:message create customer

-- mig:upgrade
CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT);

-- mig:downgrade
DROP TABLE customer;
EOF
cat >"$v/r2_invoice.sql" <<'EOF'
-- mig:revision r2
-- mig:down_revision r1
-- mig:message invoices; customer email unique and required

-- mig:upgrade
CREATE TABLE invoice (id INTEGER PRIMARY KEY,
                      customer_id INTEGER NOT NULL REFERENCES customer (id),
                      amount INTEGER NOT NULL);
CREATE UNIQUE INDEX customer_email ON customer (email);
ALTER TABLE customer ALTER COLUMN email SET NOT NULL;

-- mig:downgrade
ALTER TABLE customer ALTER COLUMN email DROP NOT NULL;
DROP INDEX customer_email;
DROP TABLE invoice;
EOF
cat >"$v/r3_plan.sql" <<'EOF'
-- mig:revision r3
-- mig:down_revision r2
-- mig:message customer plan

-- mig:upgrade
ALTER TABLE customer ADD COLUMN plan TEXT NOT NULL DEFAULT 'free';
CREATE INDEX invoice_customer ON invoice (customer_id);

-- mig:downgrade
DROP INDEX invoice_customer;
ALTER TABLE customer DROP COLUMN plan;
EOF
# revision 1 alone, to bring some databases to r1 first
v1=$tmp/versions-r1
mkdir -p "$v1"
cp "$v/r1_customer.sql" "$v1/"

sq() { local db=$1; shift; sqlite3 -init /dev/null -batch -bail -noheader -list "$db" "$@"; }
sqm() { local db=$1; shift; sq "$db" ".load $so" "$@"; }

echo "== SQLite: 60 databases, 3 prepared to fail at revision 2"
d="$tmp/tenant dbs"
mkdir -p "$d"
targets=()
# The failing ones first: with -j 8 the rest must still run after them.
bad1="$d/bad 1 duplicate email.db"     # at r1; two customers share an email (UNIQUE)
bad2="$d/bad2-null-email.db"           # at r1; a customer without email (NOT NULL, a rebuild)
bad3="$d/bad3-invoice-collides.db"     # at base; its own table "invoice" (r1 runs, r2 fails)
for b in "$bad1" "$bad2"; do
    sq "$b" "CREATE TABLE app_setting (k TEXT PRIMARY KEY, v TEXT); INSERT INTO app_setting VALUES ('theme', 'dark');"
    sqm "$b" "SELECT mig_register_dir('$v1');" "SELECT mig_upgrade('head');" >/dev/null
done
sq "$bad1" "INSERT INTO customer (email) VALUES ('a@example.org'), ('b@example.org'), ('a@example.org');"
sq "$bad2" "INSERT INTO customer (email) VALUES ('a@example.org'), (NULL);"
sq "$bad3" "CREATE TABLE invoice (no TEXT PRIMARY KEY, total REAL); INSERT INTO invoice VALUES ('2024-001', 12.5);"
targets+=("$bad1" "$bad2" "$bad3")
good=()
for i in $(seq 1 57); do
    if [ $((i % 5)) = 0 ]; then f="$d/tenant $i.db"; else f="$d/tenant$i.db"; fi
    sq "$f" "CREATE TABLE app_setting (k TEXT PRIMARY KEY, v TEXT);
             INSERT INTO app_setting VALUES ('tenant', '$i');"
    # some are at r1 already, with customers
    if [ $((i % 4)) = 0 ]; then
        sqm "$f" "SELECT mig_register_dir('$v1');" "SELECT mig_upgrade('head');" >/dev/null
        sq "$f" "INSERT INTO customer (email) VALUES ('x$i@example.org'), ('y$i@example.org');"
    fi
    good+=("$f")
done
targets+=("${good[@]}")
missing="$d/no such tenant.db"
notdb="$d/notes.txt"
echo "this is not a database" >"$notdb"

n_files=$(find "$d" -name '*.db' | wc -l)
check "60 SQLite files made (57 good, 3 bad)" [ "$n_files" = 60 ]

for b in "$bad1" "$bad2" "$bad3" "$notdb"; do sha256sum "$b"; done >"$tmp/bad.sha256"

set +e
printf '%s\n' "${targets[@]}" |
    "$tool" -j 8 --so "$so" --versions "$v" --log "$tmp/logs" --failed "$tmp/failed.txt" \
        - "$missing" "$notdb" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
set -e
check "a run with failures exits 1 (got $rc)" [ $rc = 1 ]
check "summary: 62 databases, 57 succeeded, 5 failed" \
    grep -q '^mig-many: 62 databases: 57 succeeded, 5 failed ' "$tmp/out1"
check "summary names the 5 failures, nothing else" [ "$(grep -c '^FAILED' "$tmp/out1")" = 5 ]
check "bad 1 fails on the UNIQUE index of revision 2" \
    grep -q "^FAILED	$bad1	revision r2 .*UNIQUE" "$tmp/out1"
check "bad 2 fails on the NOT NULL of revision 2" \
    grep -q "^FAILED	$bad2	revision r2 .*\"email\" of relation \"customer\" contains null values" "$tmp/out1"
check "bad 3 fails on the table name of revision 2" \
    grep -q "^FAILED	$bad3	revision r2 .*invoice already exists" "$tmp/out1"
check "the missing path fails as missing" grep -q "^FAILED	$missing	no such file" "$tmp/out1"
check "the text file fails as not a database" grep -q "^FAILED	$notdb	.*not a database" "$tmp/out1"
check "one progress line per database on stderr (not a terminal)" \
    [ "$(grep -c '^\[[0-9]*/62\] ' "$tmp/err1")" = 62 ]
check "--failed lists the 5 failures" [ "$(wc -l <"$tmp/failed.txt")" = 5 ]
check "one log per database" [ "$(find "$tmp/logs" -name '*.log' | wc -l)" = 62 ]
check "the log of bad 1 holds the whole error" \
    grep -q 'UNIQUE constraint failed: customer.email' "$tmp/logs/00000-bad_1_duplicate_email.db.log"

bad_heads=0
for f in "${good[@]}"; do
    got=$(sqm "$f" "SELECT mig_current() || ' ' ||
                    (SELECT count(*) FROM sqlite_schema WHERE name IN ('customer', 'invoice', 'customer_email', 'invoice_customer')) || ' ' ||
                    (SELECT count(*) FROM pragma_table_info('customer') WHERE name = 'plan') || ' ' ||
                    (SELECT v FROM app_setting WHERE k = 'tenant') || ' ' ||
                    (SELECT count(*) FROM mig_revision);" "PRAGMA integrity_check;" | tr '\n' ' ')
    tenant=${f##*tenant}; tenant=${tenant%.db}; tenant=${tenant# }
    if [ "$got" != "r3 4 1 $tenant 3 ok " ]; then
        bad_heads=$((bad_heads + 1))
        echo "     $f: $got"
    fi
done
check "all 57 good databases at r3 with their tables, indexes, column and rows" [ $bad_heads = 0 ]
n=$(sq "$d/tenant4.db" "SELECT count(*) FROM customer WHERE plan = 'free' AND email IS NOT NULL;")
check "customers of a database that was at r1 kept, with the new column ($n)" [ "$n" = 2 ]
check "the failed databases (and the text file) are byte for byte as before" \
    sha256sum --quiet -c "$tmp/bad.sha256"
check "no journal left behind" [ -z "$(find "$d" -name '*-journal' -o -name '*-wal')" ]
check "the missing path was not created" [ ! -e "$missing" ]
n=$(sqm "$bad3" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'mig%' OR name = 'alembic_version';")
check "bad 3 holds no mig tables: registering rolled back with the upgrade" [ "$n" = 0 ]
n=$(sqm "$bad1" "SELECT group_concat(revision) || ' ' || mig_current() FROM mig_revision;")
check "bad 1 holds only r1, registered before, at r1 ($n)" [ "$n" = "r1 r1" ]

echo "== SQLite: repair the failed databases, retry them through stdin"
sq "$bad1" "DELETE FROM customer WHERE id = 3;"
sq "$bad2" "UPDATE customer SET email = 'none@example.org' WHERE email IS NULL;"
sq "$bad3" "ALTER TABLE invoice RENAME TO legacy_invoice;"
grep -v -x -F -e "$missing" -e "$notdb" "$tmp/failed.txt" >"$tmp/retry.txt"
set +e
"$tool" -j 8 --so "$so" --versions "$v" - <"$tmp/retry.txt" >"$tmp/out2" 2>"$tmp/err2"
rc=$?
set -e
check "the retry of the 3 repaired databases exits 0 (got $rc)" [ $rc = 0 ]
check "summary: 3 databases, 3 succeeded, 0 failed" \
    grep -q '^mig-many: 3 databases: 3 succeeded, 0 failed ' "$tmp/out2"
n=$(for b in "$bad1" "$bad2" "$bad3"; do sqm "$b" "SELECT mig_current();"; done | tr '\n' ' ')
check "the repaired databases are at r3 ($n)" [ "$n" = "r3 r3 r3 " ]
n=$(sq "$bad3" "SELECT count(*) FROM legacy_invoice;")
check "bad 3 kept its own table's row" [ "$n" = 1 ]

echo "== SQLite: a second run over all 60 changes nothing"
all=("${targets[@]}")
for f in "${all[@]}"; do sha256sum "$f"; done >"$tmp/all.sha256"
set +e
"$tool" -j 8 --so "$so" --versions "$v" "${all[@]}" >"$tmp/out3" 2>"$tmp/err3"
rc=$?
set -e
check "the second run exits 0 (got $rc)" [ $rc = 0 ]
check "summary: 60 databases, 60 succeeded, 0 failed" \
    grep -q '^mig-many: 60 databases: 60 succeeded, 0 failed ' "$tmp/out3"
check "every database reports nothing to upgrade" \
    [ "$(grep -c 'nothing to upgrade, at r3$' "$tmp/err3")" = 60 ]
check "the second run left every file byte for byte as it was" sha256sum --quiet -c "$tmp/all.sha256"

echo "== SQLite: --target, duplicates, -j 1, --fk-check"
t1="$tmp/target r1.db"; t1b="$tmp/target-r1b.db"
sq "$t1" "CREATE TABLE x (a);"; sq "$t1b" "CREATE TABLE x (a);"
set +e
"$tool" -j 1 --so "$so" --versions "$v" --target r1 "$t1" "$t1b" "$t1" >"$tmp/out4" 2>"$tmp/err4"
rc=$?
set -e
n=$(sqm "$t1" "SELECT mig_current() || ' ' || mig_heads();")
check "--target r1 exits 0 (got $rc)" [ $rc = 0 ]
check "--target r1 stops at r1, r3 registered ($n)" [ "$n" = "r1 r3" ]
check "a target listed twice is migrated once" grep -q '^mig-many: 2 databases: 2 succeeded' "$tmp/out4"
fk="$tmp/fk.db"
sqm "$fk" "SELECT mig_register_dir('$v');" "SELECT mig_upgrade('r2');" >/dev/null
sq "$fk" "INSERT INTO invoice (customer_id, amount) VALUES (42, 100);"   # no customer 42
sha256sum "$fk" >"$tmp/fk.sha256"
set +e
"$tool" --so "$so" --fk-check "$fk" >"$tmp/out5" 2>"$tmp/err5"
rc=$?
set -e
check "--fk-check: a dangling reference fails the database (exit $rc)" [ $rc = 1 ]
check "--fk-check: the summary says why" grep -q "^FAILED	$fk	foreign key violations" "$tmp/out5"
check "--fk-check: that database is byte for byte as before" sha256sum --quiet -c "$tmp/fk.sha256"
set +e
"$tool" --so "$so" "$fk" >"$tmp/out6" 2>"$tmp/err6"
rc=$?
set -e
check "without --fk-check it migrates, as mig does with foreign keys off (exit $rc)" [ $rc = 0 ]

echo "== SQLite: a killed sqlite3, and Ctrl-C"
# One revision that takes seconds and writes far more than SQLite's page
# cache holds (so pages reach the file before COMMIT).
vs=$tmp/versions-slow
mkdir -p "$vs"
cat >"$vs/s1_slow.sql" <<'EOF'
-- mig:revision s1
-- mig:down_revision none
-- mig:message a slow revision
-- mig:upgrade
CREATE TABLE slow AS
  WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000000)
  SELECT i, hex(randomblob(16)) AS h FROM c;
EOF
# wait_child PID: the pid of the sqlite3 that PID started
wait_child() {
    local c=""
    for _ in $(seq 1 200); do
        c=$(ps -o pid=,comm= --ppid "$1" | awk '$2 == "sqlite3" { print $1; exit }')
        [ -n "$c" ] && break
        sleep 0.05
    done
    echo "$c"
}
slow="$tmp/slow tenant.db"; quick="$tmp/quick tenant.db"
sq "$slow" "CREATE TABLE app_setting (k TEXT PRIMARY KEY, v TEXT); INSERT INTO app_setting VALUES ('a', 'b');"
sq "$quick" "CREATE TABLE app_setting (k TEXT PRIMARY KEY, v TEXT);"
sha256sum "$slow" >"$tmp/slow.sha256"
"$tool" -j 1 --so "$so" --versions "$vs" "$slow" "$quick" >"$tmp/out7" 2>"$tmp/err7" &
mm=$!
child=$(wait_child $mm)
sleep 0.5
if [ -n "$child" ]; then kill -KILL "$child" || true; else echo "     (no sqlite3 child seen)"; fi
rc=0; wait $mm || rc=$?
check "a killed sqlite3: exit 1 (got $rc)" [ $rc = 1 ]
check "a killed sqlite3: reported as killed" \
    grep -q "^FAILED	$slow	killed by signal 9" "$tmp/out7"
check "a killed sqlite3: its database byte for byte as before" sha256sum --quiet -c "$tmp/slow.sha256"
check "a killed sqlite3: no journal left" [ ! -e "$slow-journal" ]
check "a killed sqlite3: the next database still migrated" \
    [ "$(sqm "$quick" "SELECT mig_current();")" = s1 ]

# Ctrl-C (SIGINT) and SIGTERM: no new database starts, the running one
# finishes, the rest is listed as not run.  A job started with & from a
# script ignores SIGINT (and bash cannot trap a signal ignored on entry),
# so the SIGINT run restores the default through python3, as a terminal's
# Ctrl-C would find it.
stop_test() { # stop_test SIGNAL STATUS
    local sig=$1 want=$2 i f n rc=0 runner=()
    [ "$sig" = INT ] && runner=(python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])')
    local first="$tmp/first $sig.db" others=()
    sq "$first" "CREATE TABLE x (a);"
    for i in 1 2 3; do
        f="$tmp/later $sig $i.db"; sq "$f" "CREATE TABLE x (a);"; others+=("$f")
    done
    "${runner[@]}" "$tool" -j 1 --so "$so" --versions "$vs" --failed "$tmp/failed-$sig.txt" \
        "$first" "${others[@]}" >"$tmp/out-$sig" 2>"$tmp/err-$sig" &
    local mm=$!
    [ -n "$(wait_child $mm)" ] || echo "     (no sqlite3 child seen)"
    kill -"$sig" $mm
    wait $mm || rc=$?
    check "SIG$sig: exit $want (got $rc)" [ $rc = "$want" ]
    check "SIG$sig: the running database finished" [ "$(sqm "$first" "SELECT mig_current();")" = s1 ]
    check "SIG$sig: the others not run, and listed" \
        grep -q '^mig-many: 4 databases: 1 succeeded, 0 failed, 3 not run ' "$tmp/out-$sig"
    check "SIG$sig: --failed lists the 3 not run" [ "$(wc -l <"$tmp/failed-$sig.txt")" = 3 ]
    n=$(for f in "${others[@]}"; do sq "$f" "SELECT count(*) FROM sqlite_schema;"; done | tr '\n' ' ')
    check "SIG$sig: the databases not run are untouched ($n)" [ "$n" = "1 1 1 " ]
}
stop_test TERM 143
if command -v python3 >/dev/null; then
    stop_test INT 130
else
    echo "skip SIGINT: no python3 to give the job a default SIGINT"
fi

echo "== usage errors exit 2"
usage_rc() { local rc=0; "$tool" "$@" >/dev/null 2>&1 </dev/null || rc=$?; echo $rc; }
check "no targets" [ "$(usage_rc --so "$so")" = 2 ]
check "-j 0" [ "$(usage_rc --so "$so" -j 0 "$t1")" = 2 ]
check "unknown option" [ "$(usage_rc --so "$so" --frobnicate "$t1")" = 2 ]
check "missing --versions directory" [ "$(usage_rc --so "$so" --versions "$tmp/nope" "$t1")" = 2 ]
check "missing mig.so" [ "$(usage_rc --so "$tmp/nope.so" "$t1")" = 2 ]
check "--help exits 0" [ "$(usage_rc --help)" = 0 ]

# ---- PostgreSQL
echo "== PostgreSQL: 10 databases, 1 prepared to fail, with --pg"
if [ -z "${PGHOST:-}" ]; then
    echo "skip PostgreSQL part: PGHOST is not set"
elif ! command -v psql >/dev/null; then
    echo "skip PostgreSQL part: no psql"
elif [ "$(psql -X -w -A -t -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'mig'" 2>/dev/null)" != 1 ]; then
    echo "skip PostgreSQL part: the mig extension is not installed on the server at PGHOST=$PGHOST"
else
    pq() { local db=$1; shift; psql -X -w -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"; }
    prefix=many_test_$$
    for i in $(seq 1 10); do
        pg_dbs+=("${prefix}_$i")
        pq postgres -c "CREATE DATABASE ${prefix}_$i" >/dev/null
    done
    # database 3: its own table "invoice" (r1 runs, r2 fails); databases
    # 5 and 8 already hold the extension and r1
    pq "${prefix}_3" -c "CREATE TABLE invoice (no text PRIMARY KEY, total numeric);
                         INSERT INTO invoice VALUES ('2024-001', 12.5);"
    for i in 5 8; do
        pq "${prefix}_$i" -c "CREATE EXTENSION mig" \
            -c "SELECT mig_register(\$s\$$(cat "$v/r1_customer.sql")\$s\$)" \
            -c "SELECT mig_upgrade('head')" >/dev/null
    done
    dump3() {
        pq "${prefix}_3" -c "SELECT string_agg(c.relname || ':' || c.relkind::text, ' ' ORDER BY c.relname)
                               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = 'public'" \
                         -c "SELECT count(*) FROM pg_extension WHERE extname = 'mig'" \
                         -c "SELECT no || ' ' || total FROM invoice"
    }
    before3=$(dump3)
    set +e
    printf '%s\n' "${pg_dbs[@]}" |
        "$tool" --pg -j 4 --versions "$v" --log "$tmp/pglogs" - >"$tmp/pgout1" 2>"$tmp/pgerr1"
    rc=$?
    set -e
    check "--pg: a run with one failure exits 1 (got $rc)" [ $rc = 1 ]
    check "--pg: summary: 10 databases, 9 succeeded, 1 failed" \
        grep -q '^mig-many: 10 databases: 9 succeeded, 1 failed ' "$tmp/pgout1"
    check "--pg: the failure is database 3 at revision r2" \
        grep -q "^FAILED	${prefix}_3	.*\"invoice\" already exists (mig: revision r2," "$tmp/pgout1"
    heads=""
    for i in 1 2 4 5 6 7 8 9 10; do
        heads="$heads$(pq "${prefix}_$i" -c "SELECT mig_current() || ':' ||
            (SELECT count(*) FROM information_schema.columns
              WHERE table_name = 'customer' AND column_name IN ('email', 'plan')
                AND is_nullable = 'NO') || ':' || (to_regclass('invoice_customer') IS NOT NULL)::text") "
    done
    check "--pg: the 9 others are at r3 with their changes" \
        [ "$heads" = "$(printf 'r3:2:true %.0s' 1 2 3 4 5 6 7 8 9)" ]
    after3=$(dump3)
    check "--pg: database 3 is as before (tables, no extension, rows)" [ "$before3" = "$after3" ]
    check "--pg: and holds no mig extension (created in the same transaction)" \
        grep -q '^0$' <<<"$after3"
    set +e
    "$tool" --pg -j 4 --versions "$v" "${prefix}_1" "${prefix}_5" >"$tmp/pgout2" 2>"$tmp/pgerr2"
    rc=$?
    set -e
    check "--pg: a second run succeeds (exit $rc)" [ $rc = 0 ]
    check "--pg: and is a no-op" [ "$(grep -c 'nothing to upgrade, at r3$' "$tmp/pgerr2")" = 2 ]
fi

if [ $status = 0 ]; then echo "== mig-many: all passed"; else echo "== mig-many: FAILURES"; fi
exit $status
