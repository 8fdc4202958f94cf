#!/bin/sh
# Consecutive ALTERs of one table become ONE rebuild (one copy of the
# rows); ALTERs SQLite does right natively copy nothing.  Counted from the
# statements the connection runs (.trace).
set -u
so=${MIG_SO:?}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-copy.XXXXXX")
trap 'rm -rf "$dir"' EXIT
status=0
count() {
    # count() NAME SCRIPT: statements copying rows into a new table
    printf '.load %s\n.trace %s/%s.trace\nSELECT mig_register(%s);\nSELECT mig_upgrade();\n' \
        "$so" "$dir" "$1" "$2" | sqlite3 -batch "$dir/db" >"$dir/$1.out" 2>&1
    grep -c '^-- INSERT INTO "main"."_mig_new_' "$dir/$1.trace"
}
sqlite3 "$dir/db" "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT, d TEXT);
                   CREATE INDEX t_b ON t (b);
                   INSERT INTO t (a, b, c) VALUES ('x', 1, 'c'), ('y', 2, NULL);"
n=$(count one "'-- mig:revision r1
-- mig:upgrade
ALTER TABLE t ALTER COLUMN b TYPE BIGINT;
ALTER TABLE t DROP COLUMN c;
ALTER TABLE t ADD COLUMN e TEXT NOT NULL DEFAULT ''e'';
ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN a SET DEFAULT ''z'';
ALTER TABLE t ADD CONSTRAINT t_b_positive CHECK (b > 0);
ALTER TABLE t RENAME COLUMN d TO dee;'")
if [ "$n" = 1 ]; then echo "ok one copy for six ALTERs of one table"
else echo "FAIL six ALTERs of one table copied the rows $n times"; cat "$dir/one.out"; status=1; fi
n=$(count two "'-- mig:revision r2
-- mig:down_revision r1
-- mig:upgrade
ALTER TABLE t ADD COLUMN f TEXT DEFAULT ''f'';
ALTER TABLE t RENAME COLUMN f TO g;
ALTER TABLE t DROP COLUMN g;
ALTER TABLE t RENAME TO t2;'")
if [ "$n" = 0 ]; then echo "ok native ADD, RENAME, DROP and RENAME TO copy nothing"
else echo "FAIL native ALTERs copied the rows $n times"; cat "$dir/two.out"; status=1; fi
n=$(count three "'-- mig:revision r3
-- mig:down_revision r2
-- mig:upgrade
ALTER TABLE t2 ALTER COLUMN b TYPE INTEGER;
UPDATE t2 SET b = b + 1;
ALTER TABLE t2 ALTER COLUMN e DROP DEFAULT;'")
if [ "$n" = 2 ]; then echo "ok a statement between ALTERs ends the run: two copies"
else echo "FAIL ALTER, UPDATE, ALTER copied the rows $n times, not 2"; cat "$dir/three.out"; status=1; fi
exit $status
