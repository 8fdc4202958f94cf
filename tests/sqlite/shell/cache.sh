#!/bin/sh
# The revision graph a connection keeps between calls (docs/functions.md,
# "Speed") is never stale: whatever changes mig_revision -- another
# connection's commit, this connection's own writes, a transaction rolled
# back, another database attached -- the next call sees it.  One sqlite3
# process keeps its connection (and its cache) open throughout; `.shell`
# runs a second process against the same file.
set -u
so=${MIG_SO:?}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-cache.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/app.db
other=$dir/other.db
rev() {
    # rev ID DOWN [DATABASE]: a script that creates table t_ID, in a file;
    # prints readfile('...') for it
    printf -- '-- mig:revision %s\n-- mig:down_revision %s\n%s-- mig:upgrade\nCREATE TABLE t_%s (id INTEGER);\n-- mig:downgrade\nDROP TABLE t_%s;\n' \
        "$1" "$2" "${3:+-- mig:database $3
}" "$1" "$1" >"$dir/$1.sql"
    printf "readfile('%s')" "$dir/$1.sql"
}
sqlite3 "$other" "VACUUM"
out=$(sqlite3 -batch "$db" 2>&1 <<EOF
.load $so
SELECT 'register', mig_register($(rev a1 none));
SELECT 'upgrade', mig_upgrade('head') IS NOT NULL;
SELECT 'heads 1', mig_heads();
SELECT 'noop', mig_upgrade('head');
.shell sqlite3 -batch "$db" ".load $so" "SELECT mig_register($(rev a2 a1))" >/dev/null
SELECT 'heads after another connection registered', mig_heads();
SELECT 'upgrade after', mig_upgrade('head');
UPDATE mig_revision SET down_revision = NULL WHERE revision = 'a2';
SELECT 'heads after this connection changed a row', mig_heads();
UPDATE mig_revision SET down_revision = 'a1' WHERE revision = 'a2';
SELECT 'heads put back', mig_heads();
BEGIN;
DELETE FROM mig_revision WHERE revision = 'a2';
SELECT 'heads inside a transaction', mig_heads();
ROLLBACK;
SELECT 'heads after rollback', mig_heads();
SELECT 'noop again', mig_upgrade('head');
ATTACH '$other' AS other;
SELECT 'register in other', mig_register($(rev o1 none other));
SELECT 'heads with other attached', mig_heads();
DETACH other;
SELECT 'heads after detach', mig_heads();
SELECT 'register nested', mig_register('-- mig:revision a3
-- mig:down_revision a2
-- mig:upgrade
CREATE TABLE seen AS SELECT mig_heads() AS heads;
-- mig:downgrade
DROP TABLE seen;');
SELECT 'upgrade nested', mig_upgrade('head');
SELECT 'seen from inside', heads FROM seen;
SELECT 'heads last', mig_heads();
SELECT 'history while the graph is replaced', h.revision,
    CASE WHEN h.revision = 'a3' THEN mig_register($(rev a4 a3)) END, mig_heads()
    FROM mig_history h;
SELECT 'history', count(*) FROM mig_history;
EOF
)
expect="register|a1
upgrade|1
heads 1|a1
noop|nothing to upgrade; current: a1
heads after another connection registered|a2
upgrade after|Running upgrade a1 -> a2
heads after this connection changed a row|a1,a2
heads put back|a2
heads inside a transaction|a1
heads after rollback|a2
noop again|nothing to upgrade; current: a2
register in other|o1
heads with other attached|a2,o1
heads after detach|a2
register nested|a3
upgrade nested|Running upgrade a2 -> a3
seen from inside|a3
heads last|a3
history while the graph is replaced|a3|a4|a4
history while the graph is replaced|a2||a4
history while the graph is replaced|a1||a4
history|4"
if [ "$out" = "$expect" ]; then
    echo "ok   the cached graph follows every change: another connection, this one's writes, a rollback, ATTACH/DETACH, a call inside a call, a change in the middle of a mig_history scan"
else
    echo "FAIL the cached graph went stale"
    printf '%s\n' "$out" >"$dir/got"
    printf '%s\n' "$expect" >"$dir/want"
    diff -u "$dir/want" "$dir/got"
    exit 1
fi
