#!/usr/bin/env bash
# tests/malformed/run_pg.sh -- every case of cases/ meant for PostgreSQL
# (engines: both | postgresql), through psql, each in a fresh database:
#
#   databases mig_malformed_1..N are made, one per lane of cases that run
#   at the same time (MALFORMED_JOBS).  Each case runs in one psql session
#   on its lane's database: the database is emptied (every schema but the
#   system ones dropped, the mig extension with them) and made fresh
#   (schema public as initdb makes it, CREATE EXTENSION mig), gets the
#   bystander table every case has and the case's setups (stopping at the
#   first error); its fingerprint is taken (fingerprint_pg.sql: every
#   schema object of the database and the rows of every table, mig's own
#   tables and alembic_version included); the session's settings are
#   probed (search_path and the others mig could touch); the call runs;
#   the settings are probed and the fingerprint taken again.  A case
#   passes when the call failed, its error (the ERROR line with its DETAIL,
#   CONTEXT...) holds every "expect" line, and the fingerprints and probes
#   are equal (or, for "outcome: success", when it succeeded with every
#   "expect" line in its result), within the case's max_seconds (psql's
#   \timing of the call), max_mb (the backend's peak resident memory,
#   VmHWM, read from /proc when the server runs on this machine) and
#   max_error_bytes.
#
#   (A database per case, created from a template and dropped after, would
#   be fresher still, but every DROP DATABASE forces a checkpoint: on a
#   busy machine 130 of them took minutes.)
#
#   PGHOST=... PGPORT=... PGUSER=... bash tests/malformed/run_pg.sh [CASE_NAME...]
#
# The mig extension must be installed in the cluster; the role must be
# able to create databases and the extension.  Environment: MALFORMED_JOBS
# (lanes, default 4), MALFORMED_KEEP=1 (keep the work directory and the
# databases), MALFORMED_VERBOSE=1 (print every case's error).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

ENGINE=postgresql
command -v psql >/dev/null || { echo "run_pg.sh: psql is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mig-malformed-pg.XXXXXX")
chmod 755 "$work"
# NOTICEs (CREATE TABLE IF NOT EXISTS and the like) are not errors
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# pq DB ARGS...: psql, quiet, unaligned, no psqlrc
pq() {
    local db=$1
    shift
    psql -X -q -A -t -d "$db" "$@"
}

# drop_all: the databases of this driver, at the same time (every DROP
# DATABASE waits for a checkpoint; made together, they share one)
drop_all() {
    local d
    for d in $(pq postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'mig\\_malformed\\_%'" 2>/dev/null); do
        pq postgres -c "DROP DATABASE IF EXISTS \"$d\"" >/dev/null 2>&1 &
    done
    wait
}

cleanup() {
    status=$?
    if [ "${MALFORMED_KEEP:-}" != 1 ]; then
        drop_all
        rm -rf "$work"
    else
        echo "work directory: $work (databases kept)"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JOBS=${MALFORMED_JOBS:-4}
# the databases of an earlier run that was killed, then one per lane
drop_all
for ((lane = 1; lane <= JOBS; lane++)); do
    pq postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE mig_malformed_$lane" >/dev/null &
done
wait
made=$(pq postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'mig\\_malformed\\_%'")
[ "$made" = "$JOBS" ] || { echo "run_pg.sh: could not create the databases mig_malformed_1..$JOBS" >&2; exit 1; }

db_of() { echo "mig_malformed_$2"; }

# vars_of DIR TEXTFILE...: psql \set lines for :'arg' and the :'gen_NAME'
# the files use (psql reads the files, as `cat` prints them)
vars_of() {
    local dir=$1 g
    shift
    # shellcheck disable=SC2016 # the backquotes are for psql
    if grep -qF ":'arg'" "$@"; then
        printf '\\set arg `cat %s`\n' "$dir/arg"
    fi
    for g in $(placeholders "$(cat "$@")"); do
        # shellcheck disable=SC2016
        printf '\\set gen_%s `cat %s`\n' "$g" "$MALFORMED_GEN/$g"
    done
}

# what makes the lane's database fresh: nothing of the last case is left
fresh_sql="DROP EXTENSION IF EXISTS mig CASCADE;
DO \$\$
DECLARE s name;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace
              WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
    LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s);
    END LOOP;
END
\$\$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
CREATE EXTENSION mig;"

probe_sql="SELECT current_setting('search_path'), current_setting('statement_timeout'),
       current_setting('lock_timeout'), current_setting('session_replication_role'),
       current_setting('transaction_read_only'), current_setting('check_function_bodies'),
       current_setting('client_min_messages'), current_setting('role'),
       current_setting('transaction_isolation');"

eng_run() {
    local dir=$1 db
    db=$(db_of "$dir" "$2")
    {
        printf '%s\n' '\set ON_ERROR_STOP on'
        printf '%s\n' '\set VERBOSITY default'
        vars_of "$dir" "$dir/setup.sql" "$dir/call.sql"
        printf '\\o %s\n' "$dir/setup.out"
        printf '%s\n' "$fresh_sql"
        echo "CREATE TABLE bystander (id integer PRIMARY KEY, note text NOT NULL);"
        echo "INSERT INTO bystander VALUES (1, 'must survive every case');"
        cat "$dir/setup.sql"
        echo
        printf '\\o %s\n' "$dir/fp.before"
        printf '\\i %s\n' "$here/fingerprint_pg.sql"
        printf '\\o %s\n' "$dir/probe.before"
        printf '%s\n' "$probe_sql"
        echo "SELECT pg_backend_pid() AS mig_malformed_pid \\gset"
        printf '%s\n' '\setenv MIG_MALFORMED_PID :mig_malformed_pid'
        # stderr: setup errors before this mark, the call's between the two
        printf '%s\n' '\warn ==MIG-MALFORMED-CALL=='
        printf '%s\n' '\set ON_ERROR_STOP off'
        printf '\\o %s\n' "$dir/call.out"
        printf '%s\n' '\timing on'
        cat "$dir/call.sql"
        printf '%s\n' '\timing off'
        # the backend's peak resident memory, while it still runs
        # shellcheck disable=SC2016 # $MIG_MALFORMED_PID is for the shell psql starts
        printf '\\! grep VmHWM /proc/$MIG_MALFORMED_PID/status >%s 2>/dev/null\n' "$dir/call.hwm"
        printf '%s\n' '\warn ==MIG-MALFORMED-AFTER=='
        printf '\\o %s\n' "$dir/probe.after"
        printf '%s\n' "$probe_sql"
        printf '\\o %s\n' "$dir/fp.after"
        printf '\\i %s\n' "$here/fingerprint_pg.sql"
        printf '%s\n' '\o'
    } >"$dir/session.sql"
    pq "$db" -f "$dir/session.sql" >"$dir/call.stdout" 2>"$dir/session.stderr" || true
    if ! grep -qxF '==MIG-MALFORMED-CALL==' "$dir/session.stderr"; then
        cp "$dir/session.stderr" "$dir/setup.failed"
        return 0
    fi
    # psql names the file and line of the session script: not part of the error
    awk '$0 == "==MIG-MALFORMED-CALL==" { on = 1; next } $0 == "==MIG-MALFORMED-AFTER==" { on = 0 } on' \
        "$dir/session.stderr" | sed -e 's/^psql:[^:]*:[0-9]*: //' >"$dir/call.err"
    # what the probe and the fingerprint said on stderr belongs to the state
    awk '$0 == "==MIG-MALFORMED-AFTER==" { on = 1; next } on' "$dir/session.stderr" |
        sed -e 's/^psql:[^:]*:[0-9]*: //' >>"$dir/probe.after"
    if grep -qE 'server closed the connection unexpectedly|connection to server was lost|terminated abnormally' \
            "$dir/session.stderr"; then
        grep -E 'server closed|connection to server|terminated' "$dir/session.stderr" >"$dir/call.crash"
    fi
    sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$dir/call.stdout" | head -n 1 |
        awk '{ printf "%.3f\n", $1 / 1000 }' >"$dir/call.seconds"
    [ -s "$dir/call.seconds" ] || rm -f "$dir/call.seconds"
    if [ -s "$dir/call.hwm" ]; then
        awk '{ print int($2 / 1024) }' "$dir/call.hwm" >"$dir/call.mb"
    fi
    return 0
}

eng_cleanup() { :; }

if [ $# -gt 0 ]; then
    files=()
    for n in "$@"; do files+=("$here/cases/$n.case"); done
else
    files=("$here"/cases/*.case)
fi
run_all "$work" "$JOBS" "${files[@]}"
