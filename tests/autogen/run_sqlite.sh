#!/usr/bin/env bash
# tests/autogen/run_sqlite.sh MIG_SO -- the autogenerate round trip on
# SQLite, for every pair of pairs/ meant for SQLite (engines both|sqlite):
#
#   fresh database, foreign keys on, .read the "from" part (with its rows);
#   gen.sql = mig_autogenerate('pair NAME', to.sql); mig_register(gen.sql);
#   mig_upgrade('head');
#     mig_check(to.sql) IS NULL;
#     a second mig_autogenerate against to.sql has an empty upgrade section;
#     foreign_key_check empty, integrity_check ok;
#   mig_downgrade('base');
#     mig_check(from without INSERTs) gives only "pending revision " lines;
#     foreign_key_check empty, integrity_check ok;
#   and the row counts of the tables that both "from" and "to" have are
#   the same after the upgrade and after the downgrade as before.
#
#   bash tests/autogen/run_sqlite.sh ./mig.so [PAIR_FILE...]
#   MIG_PRELOAD=libasan.so ...   (make asan: a sanitized mig.so)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

if [ $# -lt 1 ]; then
    echo "usage: $0 MIG_SO [PAIR_FILE...]" >&2
    exit 2
fi
so=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
if [ $# -eq 0 ]; then
    set -- "$here"/pairs/*.sql
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-autogen-sqlite.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')

# sq SQL...: in the pair's directory, on its database, mig loaded.
sq() {
    env ${MIG_PRELOAD:+LD_PRELOAD="$MIG_PRELOAD"} sqlite3 -bail -batch -noheader -list -separator "$tab" \
        -cmd ".load $so" -cmd "PRAGMA foreign_keys = ON;" test.db "$@"
}

# counts: "table<TAB>rows" for every table but SQLite's and mig's own.
counts() {
    local q
    q=$(sq "SELECT group_concat('SELECT ' || quote(lower(name)) || ', count(*) FROM \"' ||
                                replace(name, '\"', '\"\"') || '\"', ' UNION ALL ')
              FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\\'
               AND name NOT IN ('mig_revision', 'mig_log', 'alembic_version', 'mig_snapshot');")
    if [ -n "$q" ]; then
        sq "$q ORDER BY 1;"
    fi
}

# rows_kept NOW: the tables of common.txt have the row counts of
# counts.from in the counts file NOW; prints what differs.
rows_kept() {
    awk -F'\t' 'FILENAME == ARGV[1] { common[$1] = 1; next }
                FILENAME == ARGV[2] { before[$1] = $2; next }
                ($1 in common) { seen[$1] = 1
                                 if ($2 != before[$1]) print "table " $1 ": " before[$1] " rows before, " $2 " now" }
                END { for (t in common) if (!(t in seen)) print "table " t " is missing" }' \
        common.txt counts.from "$1"
}

# checked WHEN: foreign_key_check empty and integrity_check ok.
checked() {
    local out
    out=$(sq "PRAGMA foreign_key_check;" "PRAGMA integrity_check;")
    [ "$out" = ok ] || fail "$1: foreign_key_check / integrity_check said: $out"
}

fail() {
    echo "$*"
    exit 1
}

# run_pair NAME: the protocol, in the pair's directory; exits non-zero
# with a reason on the first failure (it runs in a subshell).
run_pair() {
    sq ".read from.sql" || fail "the from part failed"
    counts >counts.from
    sq "SELECT writefile('gen.sql', mig_autogenerate('pair $1', readfile('to.sql')));" >/dev/null ||
        fail "mig_autogenerate failed"
    sq "SELECT mig_register(readfile('gen.sql'));" "SELECT mig_upgrade('head');" ||
        fail "mig_register / mig_upgrade of the generated script failed"

    sq "SELECT coalesce(mig_check(readfile('to.sql')), '<NULL>');" >check.txt 2>&1 ||
        fail "mig_check after the upgrade failed"
    [ "$(cat check.txt)" = "<NULL>" ] || fail "after the upgrade, mig_check(to) is not NULL"
    sq "SELECT writefile('gen2.sql', mig_autogenerate('pair $1 again', readfile('to.sql')));" >/dev/null ||
        fail "the second mig_autogenerate failed"
    upgrade_is_empty gen2.sql || { cat gen2.sql; fail "the second mig_autogenerate (above) still has changes"; }
    counts >counts.up
    awk -F'\t' 'FILENAME == ARGV[1] { t[$1] = 1; next } ($1 in t) { print $1 }' counts.from counts.up >common.txt
    rows_kept counts.up >diff.txt
    [ ! -s diff.txt ] || fail "after the upgrade: $(cat diff.txt)"
    checked "after the upgrade"

    sq "SELECT mig_downgrade('base');" || fail "mig_downgrade('base') failed"
    sq "SELECT coalesce(mig_check(readfile('from_schema.sql')), '<NULL>');" >check.txt 2>&1 ||
        fail "mig_check after the downgrade failed"
    if [ "$(cat check.txt)" = "<NULL>" ] || grep -qv '^pending revision ' check.txt; then
        fail "after the downgrade, mig_check(from) says more than (or other than) pending revisions"
    fi
    counts >counts.down
    rows_kept counts.down >diff.txt
    [ ! -s diff.txt ] || fail "after the downgrade: $(cat diff.txt)"
    checked "after the downgrade"
}

# what mig_check says now, in a failed pair's directory
check_now() {
    sq "SELECT coalesce(mig_check(readfile('to.sql')), '<NULL>');"
}

run_pairs sqlite SQLite "$tmp" "$@"
