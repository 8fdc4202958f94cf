#!/bin/sh
# The SQLite suite: every tests/sqlite/sql/NAME.sql runs in the sqlite3
# shell against a fresh database file with mig.so loaded, and its output
# (errors included) must equal tests/sqlite/expected/NAME.out.  Scripts
# named *.sh beside them are shell tests that print "ok"/"FAIL" lines.
#
#   sh tests/sqlite/run.sh [path/to/mig.so] [NAME ...]
#   MIG_BLESS=1 ...   write the outputs to expected/ (then READ them)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
so=${1:-$root/mig.so}
[ $# -gt 0 ] && shift
case $so in /*) ;; *) so=$root/$so ;; esac
so=${so%.so}
names=${*:-$(cd "$here/sql" && ls *.sql | sed 's/\.sql$//')}
tmp=$(mktemp -d /tmp/mig-sqlite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for t in $names; do
    db=$tmp/$t.db
    out=$tmp/$t.out
    # run from the repository root so tests can readfile('examples/...')
    (cd "$root" && { printf '.load %s\n' "$so"; cat "$here/sql/$t.sql"; } |
        env ${MIG_PRELOAD:+LD_PRELOAD=$MIG_PRELOAD} sqlite3 -batch "$db" >"$out" 2>&1)
    # the path of the temporary folder is not part of a result
    sed -i "s#$tmp#TMP#g" "$out"
    if [ "${MIG_BLESS:-}" = 1 ]; then
        cp "$out" "$here/expected/$t.out"
    fi
    if cmp -s "$out" "$here/expected/$t.out"; then
        pass=$((pass + 1)); echo "ok   $t"
    else
        fail=$((fail + 1)); echo "FAIL $t"
        diff -u "$here/expected/$t.out" "$out" | head -60
    fi
done
for s in "$here"/shell/*.sh; do
    [ -e "$s" ] || continue
    [ $# -gt 0 ] && continue
    if env ${MIG_PRELOAD:+LD_PRELOAD=$MIG_PRELOAD} MIG_SO=$so TMPDIR=$tmp sh "$s" >"$tmp/shell.out" 2>&1; then
        pass=$((pass + 1)); echo "ok   $(basename "$s")"
    else
        fail=$((fail + 1)); echo "FAIL $(basename "$s")"; cat "$tmp/shell.out"
    fi
done
echo "sqlite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
