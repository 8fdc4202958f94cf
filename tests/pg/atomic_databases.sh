#!/usr/bin/env bash
# tests/pg/atomic_databases.sh -- two SEPARATE PostgreSQL databases,
# catalog_db and monitor_db, each with CREATE EXTENSION mig and its own
# registered scripts (docs/pg-separate-databases.md):
#
#   - tools/mig-pg-atomic, two-phase commit: both succeed; the second
#     fails; the first fails (both databases unchanged, scripts not
#     registered, nothing left in pg_prepared_xacts); a run that stops
#     between the two COMMIT PREPAREDs (exit 3, the printed commands finish
#     it, after a server crash too); max_prepared_transactions = 0 refused;
#   - the plain pipeline of two calls, catalog first: the second fails and
#     the catalog is ahead; after the fix the same two calls complete.
#
# The tool needs max_prepared_transactions > 0, which the cluster of
# tests/pg/run.sh does not have: this test starts its own throwaway
# cluster (Unix socket in a fresh temporary directory, no TCP) with
# max_prepared_transactions = 10.  When PGHOST/PGPORT point at a cluster
# with max_prepared_transactions = 0 (tests/pg/run.sh), the refusal is
# checked there; otherwise its own cluster is restarted with 0 for it.
#
#   bash tests/pg/atomic_databases.sh   (as root, or a user that may run initdb)
#
# Uses the mig extension already installed into the PostgreSQL
# installation (make -C pg_ext install); installs nothing.
# Environment: PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config).
# Prints "ok   ..." or "FAIL ..." per check; exits 1 if anything failed,
# with the server log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=$root/tools/mig-pg-atomic
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$pg_config" --bindir)
port=$((50000 + RANDOM % 10000))
export PATH="$bindir:$PATH"

# The caller's cluster, if any (tests/pg/run.sh sets these).
caller_host=${PGHOST:-} caller_port=${PGPORT:-5432} caller_user=${PGUSER:-postgres}

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pg_test_dir mig-pg2pc
status=0

# shellcheck disable=SC2317  # run from the EXIT trap
cleanup() {
    local rc=$?
    trap '' INT TERM
    if [ "$rc" != 0 ] && [ -f "$tmp/server.log" ]; then
        echo "== server log (last 40 lines)"
        tail -n 40 "$tmp/server.log" || true
    fi
    if [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
die() { echo "FAIL $1"; exit 1; }
indent() { sed 's/^/    /'; }

start_server() {   # start_server MAX_PREPARED_TRANSACTIONS
    as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
        -o "-c listen_addresses='' -k $tmp -p $port -c max_prepared_transactions=$1" \
        -w start >/dev/null || die "start the server (max_prepared_transactions=$1)"
}

echo "== cluster in $tmp (socket only, port $port, max_prepared_transactions=10)"
as_server "$bindir/initdb" -D "$tmp/data" -A trust -U postgres --no-sync \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; die "initdb"; }
start_server 10
export PGHOST="$tmp" PGPORT="$port" PGUSER=postgres
unset PGDATABASE PGSERVICE
# A transaction left prepared holds its locks: wait for none of them for
# long, so that a broken run fails instead of hanging (the tool too).
export PGOPTIONS='-c lock_timeout=5s'

# q DB SQL: unaligned, tuples only, stop at the first error.
q() {
    PGOPTIONS="$PGOPTIONS -c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
for db in catalog_db monitor_db; do
    q postgres "CREATE DATABASE $db" >/dev/null
    q "$db" "CREATE EXTENSION mig" >/dev/null
done
[ "$(q postgres 'SHOW max_prepared_transactions')" = 10 ] || die "max_prepared_transactions is not 10"

# ---- the scripts: each database has its own history.
v=$tmp/versions
mkdir -p "$v/all"
script() {   # script FILE REV DOWN MESSAGE UPGRADE-SQL
    printf -- '-- mig:revision %s\n-- mig:down_revision %s\n-- mig:message %s\n\n-- mig:upgrade\n%s\n' \
        "$2" "$3" "$4" "$5" >"$v/all/$1.sql"
}
script c1 c1a000000001 none "holdings" \
"CREATE TABLE holding (id integer PRIMARY KEY, label text NOT NULL);
INSERT INTO holding VALUES (1, 'h1'), (2, 'h2');"
script c2 c2a000000002 c1a000000001 "holding owner" \
"ALTER TABLE holding ADD COLUMN owner text;
UPDATE holding SET owner = 'alice';"
script c3 c3a000000003 c2a000000002 "holding size" \
"ALTER TABLE holding ADD COLUMN size bigint NOT NULL DEFAULT 0;
INSERT INTO holding (id, label, owner) VALUES (3, 'h3', 'bob');"
script c3bad c3a000000003 c2a000000002 "holding size" \
"ALTER TABLE holding ADD COLUMN size bigint NOT NULL DEFAULT 0;
INSERT INTO holding (id, label, owner) VALUES (3, NULL, 'bob');"
script c4 c4a000000004 c3a000000003 "tags" \
"CREATE TABLE tag (holding_id integer NOT NULL REFERENCES holding (id), key text NOT NULL);"
script m1 m1b000000001 none "transfers" \
"CREATE TABLE transfer (id integer PRIMARY KEY, holding_id integer NOT NULL, state text);
INSERT INTO transfer VALUES (1, 1, 'new'), (2, 2, NULL);"
script m2 m2b000000002 m1b000000001 "state index" \
"CREATE INDEX transfer_state ON transfer (state);"
script m3 m3b000000003 m2b000000002 "state NOT NULL" \
"ALTER TABLE transfer ADD COLUMN note text;
UPDATE transfer SET state = 'new' WHERE state IS NULL;
ALTER TABLE transfer ALTER COLUMN state SET NOT NULL;"
script m3bad m3b000000003 m2b000000002 "state NOT NULL" \
"ALTER TABLE transfer ADD COLUMN note text;
ALTER TABLE transfer ALTER COLUMN state SET NOT NULL;"
script m4 m4b000000004 m3b000000003 "third transfer" \
"INSERT INTO transfer (id, holding_id, state) VALUES (3, 3, 'new');"
script m4bad m4b000000004 m3b000000003 "third transfer" \
"INSERT INTO transfer (id, holding_id, state) VALUES (3, 3, NULL);"
versions() {   # versions NAME SCRIPT...: a versions directory of those scripts
    mkdir -p "$v/$1"
    local s
    for s in "${@:2}"; do cp "$v/all/$s.sql" "$v/$1/$s.sql"; done
    echo "$v/$1"
}

# fingerprint DB TABLE: everything a migration may change, in one text
# (TABLE: the database's table whose rows the scripts change).
fingerprint() {
    q "$1" "SELECT 'current ' || coalesce(mig_current(), 'base')
      UNION ALL SELECT 'registered ' || coalesce(string_agg(revision || ':' || is_applied, ',' ORDER BY revision), '-')
                  FROM mig_history()
      UNION ALL SELECT 'alembic_version ' || coalesce((SELECT string_agg(version_num, ',') FROM alembic_version), '-')
      UNION ALL SELECT 'columns ' || coalesce(string_agg(format('%s.%s:%s:%s', c.relname, a.attname,
                          format_type(a.atttypid, a.atttypmod), a.attnotnull), ',' ORDER BY c.relname, a.attnum), '-')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = 'public' AND c.relkind = 'r'
                   AND c.relname NOT IN ('alembic_version', 'mig_revision', 'mig_log')
      UNION ALL SELECT 'indexes ' || coalesce(string_agg(indexname, ',' ORDER BY indexname), '-')
                  FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT 'log ' || count(*) FROM mig_log
      UNION ALL SELECT 'rows ' || coalesce(string_agg(to_jsonb(t)::text, ',' ORDER BY t.id), '-') FROM $2 t"
}
prepared_xacts() { q postgres "SELECT count(*) FROM pg_prepared_xacts"; }

# atomic ARGS...: run the tool; sets $out and $rc.
atomic() {
    rc=0
    out=$("$tool" "$@" 2>&1) || rc=$?
}
expect_rc() {   # expect_rc WANT WHAT
    if [ "$rc" = "$1" ]; then ok "$2: exit $1"; else fail "$2: exit $rc, want $1"; indent <<<"$out"; fi
}
has() {   # has WHAT TEXT: $out contains the line fragment TEXT
    if grep -qF -- "$2" <<<"$out"; then ok "$1"; else fail "$1: no \"$2\" in"; indent <<<"$out"; fi
}
same() {   # same WHAT WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1"; echo "  want:"; indent <<<"$2"; echo "  got:"; indent <<<"$3"; fi
}
unchanged() {   # unchanged WHAT: both databases as in $fp_cat / $fp_mon, nothing prepared
    same "$1: catalog_db unchanged (version, registered scripts, columns, indexes, rows, log)" "$fp_cat" "$(fingerprint catalog_db holding)"
    same "$1: monitor_db unchanged (version, registered scripts, columns, indexes, rows, log)" "$fp_mon" "$(fingerprint monitor_db transfer)"
    same "$1: nothing left in pg_prepared_xacts" 0 "$(prepared_xacts)"
}
at() {   # at WHAT CATALOG-REV MONITOR-REV
    same "$1: catalog_db at $2, monitor_db at $3" "$2|$3" \
        "$(q catalog_db 'SELECT mig_current()')|$(q monitor_db 'SELECT mig_current()')"
}

echo "== (a) two-phase commit: both databases succeed"
atomic --register "catalog_db=$(versions a-cat c1 c2)" --register "monitor_db=$(versions a-mon m1 m2)" \
    catalog_db monitor_db
expect_rc 0 "both succeed"
has "the report says both committed" "result: COMMITTED in every database"
has "catalog_db registered and upgraded in its prepared transaction" "Running upgrade c1a000000001 -> c2a000000002, holding owner"
has "monitor_db registered and upgraded in its prepared transaction" "Running upgrade m1b000000001 -> m2b000000002, state index"
at "after (a)" c2a000000002 m2b000000002
same "after (a): nothing left in pg_prepared_xacts" 0 "$(prepared_xacts)"
same "after (a): the migrated tables hold their rows" "1|h1|alice
2|h2|alice
1|1|new
2|2|" "$(q catalog_db 'SELECT * FROM holding ORDER BY id'; q monitor_db 'SELECT * FROM transfer ORDER BY id')"
fp_cat=$(fingerprint catalog_db holding) fp_mon=$(fingerprint monitor_db transfer)

echo "== (b) two-phase commit: the second database fails"
atomic --register "catalog_db=$(versions b-cat c1 c2 c3)" --register "monitor_db=$(versions b-mon m1 m2 m3bad)" \
    catalog_db monitor_db
expect_rc 1 "monitor_db fails"
has "catalog_db had prepared" "catalog_db: prepared as mig-"
has "the error of monitor_db is shown" 'column "state" of relation "transfer" contains null values'
has "it names the revision" "mig: revision m3b000000003, upgrade statement"
has "catalog_db's prepared transaction is rolled back" "catalog_db: rolled back mig-"
has "the report says nothing changed" "result: ROLLED BACK: no database changed, nothing is left prepared"
unchanged "after (b)"

echo "== (c) two-phase commit: the first database fails"
atomic --register "catalog_db=$(versions c-cat c1 c2 c3bad)" --register "monitor_db=$(versions c-mon m1 m2 m3)" \
    catalog_db monitor_db
expect_rc 1 "catalog_db fails"
has "the error of catalog_db is shown" 'null value in column "label" of relation "holding" violates not-null constraint'
has "monitor_db is never started" "monitor_db: not started"
has "the report says nothing changed" "result: ROLLED BACK: no database changed, nothing is left prepared"
unchanged "after (c)"

echo "== (e) two-phase commit: the run stops between the two COMMIT PREPAREDs"
rc=0
out=$(MIG_PG_ATOMIC_STOP_AFTER_COMMITS=1 "$tool" --register "catalog_db=$(versions e-cat c1 c2 c3)" \
        --register "monitor_db=$(versions e-mon m1 m2 m3)" catalog_db monitor_db 2>&1) || rc=$?
expect_rc 3 "stopped after the first commit"
gid=$(q postgres "SELECT gid FROM pg_prepared_xacts WHERE database = 'monitor_db'")
same "exactly one transaction is left prepared, monitor_db's" "1|monitor_db" \
    "$(q postgres "SELECT count(*), string_agg(database, ',') FROM pg_prepared_xacts")"
has "the report names the remaining gid and its database" "  $gid in database monitor_db"
has "the report gives the command to finish it" "  in database monitor_db: COMMIT PREPARED '$gid';"
stopped=$out
at "catalog committed, monitor prepared" c3a000000003 m2b000000002
out2=$(q monitor_db "SET lock_timeout = '300ms'; SELECT mig_upgrade('heads')" 2>&1) || true
if grep -q 'lock timeout' <<<"$out2"; then
    ok "the prepared transaction holds mig's lock: a migration of monitor_db would wait (lock timeout)"
else
    fail "a migration of monitor_db while prepared"; indent <<<"$out2"
fi
atomic --register "monitor_db=$(versions e-mon m1 m2 m3)" monitor_db
expect_rc 2 "a new run while a transaction is left prepared is refused"
has "the refusal names the prepared transaction" "a prepared transaction is left in database monitor_db, holding its locks"
has "the refusal names the gid" "$gid (prepared"

# A crash: the prepared transaction must survive it.
as_server "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null || die "crash the server"
start_server 10
same "after a crash (immediate shutdown) and restart, the gid is still prepared" "$gid" \
    "$(q postgres "SELECT gid FROM pg_prepared_xacts")"
finish=$(grep '^    psql ' <<<"$stopped" | sed 's/^ *//') || true
same "one finishing command is printed" 1 "$(grep -c . <<<"$finish")"
if fout=$(bash -c "$finish" 2>&1); then ok "the printed command runs: $finish"; else fail "the printed command: $finish"; indent <<<"$fout"; fi
at "finished: both at head" c3a000000003 m3b000000003
same "finished: nothing left in pg_prepared_xacts" 0 "$(prepared_xacts)"
same "finished: monitor_db's state column is NOT NULL and filled" "t|new,new" \
    "$(q monitor_db "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'transfer'::regclass AND attname = 'state'")|$(q monitor_db "SELECT string_agg(state, ',' ORDER BY id) FROM transfer")"
atomic --register "catalog_db=$v/e-cat" --register "monitor_db=$v/e-mon" catalog_db monitor_db
expect_rc 0 "running it again: no-op"
has "catalog_db: nothing to upgrade" "nothing to upgrade; current: c3a000000003"
has "monitor_db: nothing to upgrade" "nothing to upgrade; current: m3b000000003"
same "after the no-op run: nothing left in pg_prepared_xacts" 0 "$(prepared_xacts)"

echo "== the plain pipeline: two calls, catalog_db first, no two-phase commit"
# One psql run per database, as in the docs: a file that registers the
# scripts and upgrades, run by psql -1 (one transaction, rolled back on error).
call() {   # call DB DIR
    local f
    for f in "$2"/*.sql; do
        printf "\\set s \`cat '%s'\`\nSELECT mig_register(:'s');\n" "$f"
    done >"$tmp/$1.psql"
    echo "SELECT mig_upgrade('heads');" >>"$tmp/$1.psql"
    psql -X -q -A -t -v ON_ERROR_STOP=1 -1 -d "$1" -f "$tmp/$1.psql" 2>&1
}
pipeline() {   # pipeline CATALOG-DIR MONITOR-DIR: the two calls, stop at the first failure
    call catalog_db "$1" && call monitor_db "$2"
}
rc=0
out=$(pipeline "$(versions p-cat c1 c2 c3 c4)" "$(versions p-mon m1 m2 m3 m4bad)") || rc=$?
expect_rc 3 "pipeline: the second call (monitor_db) fails (psql's ON_ERROR_STOP status)"
has "pipeline: the first call committed" "Running upgrade c3a000000003 -> c4a000000004, tags"
has "pipeline: monitor_db's error" 'null value in column "state" of relation "transfer" violates not-null constraint'
at "pipeline: the catalog is ahead of monitor" c4a000000004 m3b000000003
same "pipeline: monitor_db's failed script is not registered (its transaction rolled back)" "" \
    "$(q monitor_db "SELECT revision FROM mig_revision WHERE revision = 'm4b000000004'")"
cp "$v/all/m4.sql" "$v/p-mon/m4bad.sql"     # fix the script, same revision id
rc=0
out=$(pipeline "$v/p-cat" "$v/p-mon") || rc=$?
expect_rc 0 "pipeline again after the fix: both calls succeed"
has "pipeline again: the first call is a no-op" "nothing to upgrade; current: c4a000000004"
has "pipeline again: the second call applies the fixed revision" "Running upgrade m3b000000003 -> m4b000000004, third transfer"
at "pipeline again: both at head" c4a000000004 m4b000000004
rc=0
out=$(pipeline "$v/p-cat" "$v/p-mon") || rc=$?
expect_rc 0 "pipeline a third time: no-op"
same "pipeline a third time: both calls say nothing to upgrade" 2 "$(grep -c '^nothing to upgrade' <<<"$out")"

echo "== (d) max_prepared_transactions = 0 is refused"
fp_cat=$(fingerprint catalog_db holding) fp_mon=$(fingerprint monitor_db transfer)
caller_mpx=""
if [ -n "$caller_host" ]; then
    caller_mpx=$(PGHOST=$caller_host PGPORT=$caller_port PGUSER=$caller_user \
                 q postgres 'SHOW max_prepared_transactions' 2>/dev/null) || caller_mpx=""
fi
if [ "$caller_mpx" = 0 ]; then
    echo "   (on the caller's cluster, PGHOST=$caller_host PGPORT=$caller_port)"
    rc=0
    out=$(PGHOST=$caller_host PGPORT=$caller_port PGUSER=$caller_user "$tool" postgres 2>&1) || rc=$?
else
    echo "   (no caller's cluster with max_prepared_transactions = 0: this cluster restarted with 0)"
    as_server "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null || die "stop the server"
    start_server 0
    same "the restarted cluster has max_prepared_transactions = 0" 0 "$(q postgres 'SHOW max_prepared_transactions')"
    atomic --register "catalog_db=$(versions d-cat c1 c2 c3 c4)" catalog_db monitor_db
fi
expect_rc 2 "refused"
has "the refusal says why" "max_prepared_transactions is 0 on its server: PREPARE TRANSACTION is disabled there"
has "the refusal says how to fix it" "ALTER SYSTEM SET max_prepared_transactions = 10;   -- then restart PostgreSQL"
has "the refusal says nothing ran" "result: REFUSED: nothing was run, no database changed"
if [ "$caller_mpx" != 0 ]; then
    unchanged "after (d)"
fi

exit "$status"
