#!/usr/bin/env bash
# tests/malformed/run_sqlite.sh -- every case of cases/ meant for SQLite
# (engines: both | sqlite), in the sqlite3 shell, each against a fresh
# database file:
#
#   the database (with the bystander table every case has, then the
#   case's setups) is made; its fingerprint is taken (.dump of every
#   database file of the case, the files' SHA-256 and the list of files,
#   so that a left-over journal shows); the call runs in a session of its
#   own, between two probes of the session's state (PRAGMAs, the attached
#   databases, and whether a transaction was left open); the fingerprint is
#   taken again.  A case passes when the call failed, its error holds every
#   "expect" line, the fingerprints are equal and the probes too (or, for
#   "outcome: success", when it succeeded with every "expect" line in its
#   result), within the case's max_seconds / max_mb / max_error_bytes.
#
#   bash tests/malformed/run_sqlite.sh [MIG_SO] [CASE_NAME...]
#
# MIG_SO defaults to ./mig.so at the top of the repository; it is copied
# first, so that a rebuild while the cases run does not matter.
# Environment: MALFORMED_JOBS (cases at a time, default: the number of
# CPUs), MALFORMED_VMEM_KB (address-space limit of every sqlite3 process,
# default 4194304 = 4 GB, so that a runaway call fails instead of taking
# the machine's memory), MALFORMED_KEEP=1 (keep the work directory),
# MALFORMED_VERBOSE=1 (print every case's error).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

ENGINE=sqlite
so=${1:-$root/mig.so}
[ $# -gt 0 ] && shift
case $so in /*) ;; *) so=$PWD/$so ;; esac
case $so in *.so) ;; *) so=$so.so ;; esac
[ -f "$so" ] || { echo "run_sqlite.sh: no such file: $so" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "run_sqlite.sh: sqlite3 is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mig-malformed-sqlite.XXXXXX")
if [ "${MALFORMED_KEEP:-}" = 1 ]; then
    echo "work directory: $work"
else
    trap 'rm -rf "$work"' EXIT
fi
cp "$so" "$work/mig.so"
SO=$work/mig
VMEM_KB=${MALFORMED_VMEM_KB:-4194304}
if [ -x /usr/bin/time ]; then TIME_BIN=/usr/bin/time; else TIME_BIN=; fi

# sq ARGS...: sqlite3 under the address-space limit
sq() {
    (ulimit -v "$VMEM_KB" 2>/dev/null || true; exec sqlite3 "$@")
}

# sql_of FILE DIR: FILE with :'arg' and :'gen_NAME' turned into readfile()
sql_of() {
    sed -e "s|:'arg'|CAST(readfile('$1/arg') AS TEXT)|g" \
        -e "s|:'gen_\([a-z0-9_]*\)'|CAST(readfile('$MALFORMED_GEN/\1') AS TEXT)|g" "$2"
}

prepare() {
    local dir=$1
    mkdir -p "$dir/db"
    {
        printf '.load %s\n' "$SO"
        cat "$dir/connect.sql"
        # every case has a table of the application's that nothing touches
        echo "CREATE TABLE bystander (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"
        echo "INSERT INTO bystander VALUES (1, 'must survive every case');"
        sql_of "$dir" "$dir/setup.sql"
    } >"$dir/setup.session"
    (cd "$dir/db" && sq -batch -bail main.db <"$dir/setup.session" >"$dir/setup.out" 2>&1) ||
        { cp "$dir/setup.out" "$dir/setup.failed"; return 1; }
}

fingerprint() {
    local dir=$1 out=$2 f
    {
        echo "== files"
        (cd "$dir/db" && ls -1A)
        for f in "$dir"/db/*.db; do
            echo "== $(basename "$f") ($(wc -c <"$f") bytes)"
            # every byte of the file, but the header's file change counter
            # (offset 24) and version-valid-for number (offset 92): a
            # transaction that wrote and was rolled back to its savepoint
            # still commits, and SQLite counts that commit there
            { head -c 24 "$f"; printf '\0\0\0\0'; tail -c +29 "$f" | head -c 64
              printf '\0\0\0\0'; tail -c +97 "$f"; } | sha256sum | sed 's/ .*/ bytes/'
            sq -batch -readonly "$f" .dump 2>&1
        done
    } >"$out"
}

probe_sql='PRAGMA foreign_keys;
PRAGMA defer_foreign_keys;
PRAGMA legacy_alter_table;
PRAGMA writable_schema;
PRAGMA recursive_triggers;
PRAGMA database_list;'

call() {
    local dir=$1 call_line begin_line rc=0
    {
        printf '.load %s\n' "$SO"
        cat "$dir/connect.sql"
        printf '.output %s\n' "$dir/probe.before"
        printf '%s\n' "$probe_sql"
        printf '.output %s\n' "$dir/call.out"
        echo ".timer on"
    } >"$dir/call.session"
    call_line=$(($(wc -l <"$dir/call.session") + 1))
    sql_of "$dir" "$dir/call.sql" | head -n 1 >>"$dir/call.session"
    {
        echo ".timer off"
        printf '.output %s\n' "$dir/probe.after"
        printf '%s\n' "$probe_sql"
        echo ".output stdout"
    } >>"$dir/call.session"
    begin_line=$(($(wc -l <"$dir/call.session") + 1))
    printf 'BEGIN;\nROLLBACK;\n' >>"$dir/call.session"

    if [ -n "$TIME_BIN" ]; then
        (cd "$dir/db" && ulimit -v "$VMEM_KB" 2>/dev/null;
         exec "$TIME_BIN" -f '%M' -o "$dir/call.rss" sqlite3 -batch main.db \
             <"$dir/call.session" >"$dir/call.stdout" 2>"$dir/call.stderr") || rc=$?
    else
        (cd "$dir/db" && sq -batch main.db <"$dir/call.session" >"$dir/call.stdout" 2>"$dir/call.stderr") || rc=$?
    fi
    # the call's error: the block of stderr that starts "... near line CALL:"
    awk -v l="near line $call_line: " '
        /near line [0-9]+: / { on = index($0, l) > 0; if (on) sub(/^.*near line [0-9]+: /, "") }
        on' "$dir/call.stderr" >"$dir/call.err"
    # anything else on stderr is part of the session's state
    awk -v l="near line $call_line: " '
        /near line [0-9]+: / { on = index($0, l) == 0 }
        on' "$dir/call.stderr" | sed "s/near line $begin_line: .*cannot start a transaction within a transaction.*/a transaction was left open/" \
        >>"$dir/probe.after"
    touch "$dir/probe.before" "$dir/probe.after" "$dir/call.out"
    # .timer reports on stdout, whatever .output says
    sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' "$dir/call.stdout" | head -n 1 >"$dir/call.seconds"
    if [ -s "$dir/call.rss" ]; then
        if grep -q 'terminated by signal' "$dir/call.rss"; then
            grep 'terminated by signal' "$dir/call.rss" >"$dir/call.crash"
        fi
        tail -n 1 "$dir/call.rss" | awk '/^[0-9]+$/ { print int($1 / 1024) }' >"$dir/call.mb"
        [ -s "$dir/call.mb" ] || rm -f "$dir/call.mb"
    fi
    if [ "$rc" -ge 128 ] && [ ! -e "$dir/call.crash" ]; then
        echo "sqlite3 ended with status $rc (signal $((rc - 128)))" >"$dir/call.crash"
    fi
    [ -s "$dir/call.seconds" ] || rm -f "$dir/call.seconds"
    return 0
}

eng_run() {
    prepare "$1" || return 0
    fingerprint "$1" "$1/fp.before"
    call "$1"
    fingerprint "$1" "$1/fp.after"
}

eng_cleanup() { :; }

if [ $# -gt 0 ]; then
    files=()
    for n in "$@"; do files+=("$here/cases/$n.case"); done
else
    files=("$here"/cases/*.case)
fi
run_all "$work" "${MALFORMED_JOBS:-$(nproc 2>/dev/null || echo 2)}" "${files[@]}"
