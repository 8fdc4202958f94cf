#!/bin/sh
# mig_dry_run on SQLite: the migration runs for real inside a savepoint,
# the report says per revision what each change did, and everything is
# rolled back: schema, data, alembic_version and mig_log as before.
set -u
so=${MIG_SO:?}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-dry.XXXXXX")
trap 'rm -rf "$dir"' EXIT
status=0
db=$dir/a.db
sqlite3 "$db" "PRAGMA foreign_keys=ON;
  CREATE TABLE p (id INTEGER PRIMARY KEY, v INT);
  CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);
  WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1000) INSERT INTO p SELECT k, k FROM n;
  INSERT INTO c VALUES (1, 1);"
run() { printf '.load %s\nPRAGMA foreign_keys=ON;\n%s\n' "$so" "$1" | sqlite3 -batch "$db" 2>&1; }
run "SELECT mig_register('-- mig:revision r1
-- mig:message widen v
-- mig:upgrade
ALTER TABLE p ALTER COLUMN v TYPE BIGINT, ADD COLUMN w TEXT;
UPDATE p SET w = ''x'' WHERE id < 10;');
SELECT mig_register('-- mig:revision r2
-- mig:down_revision r1
-- mig:upgrade
INSERT INTO p (id) VALUES (1);');" >/dev/null
dump() { sqlite3 "$db" "SELECT sql FROM sqlite_schema ORDER BY name; SELECT count(*), sum(v) FROM p;
                        SELECT count(*) FROM c; SELECT count(*) FROM alembic_version; SELECT count(*) FROM mig_log;"; }
dump > "$dir/before"
run "SELECT mig_dry_run('upgrade', 'r1');" | sed 's/[0-9.]* ms/N ms/' > "$dir/report"
dump > "$dir/after"
cat > "$dir/want" <<'WANT'
dry run of upgrade to r1 on sqlite: everything below ran and was rolled back
upgrade  -> r1, widen v
    CREATE TABLE "main"."_mig_new_p" ( ...  -- N ms
    INSERT INTO "main"."_mig_new_p" (rowid, "id", "v") SELECT rowid, "id", "v" FROM "main"."p"  -- 1000 rows, N ms
    DROP TABLE "main"."p"  -- N ms
    PRAGMA legacy_alter_table = ON  -- N ms
    ALTER TABLE "main"."_mig_new_p" RENAME TO "p"  -- N ms
    PRAGMA legacy_alter_table = 0  -- N ms
    UPDATE p SET w = 'x' WHERE id < 10  -- 9 rows, N ms
  7 statements, 1009 rows written, N ms

WANT
if cmp -s "$dir/want" "$dir/report"; then echo "ok the dry run reports each change and its rows"
else echo "FAIL dry run report"; diff "$dir/want" "$dir/report"; status=1; fi
if cmp -s "$dir/before" "$dir/after"; then echo "ok the dry run changed nothing"
else echo "FAIL the dry run changed the database"; diff "$dir/before" "$dir/after"; status=1; fi
# a failing statement: the error names it, nothing changed, foreign keys back on
out=$(run "SELECT mig_dry_run('upgrade', 'head');
PRAGMA foreign_keys;")
dump > "$dir/after2"
if echo "$out" | grep -q "revision r2: upgrade statement 1 of 1 (line 4) failed: UNIQUE constraint failed: p.id" &&
   echo "$out" | tail -1 | grep -qx 1 && cmp -s "$dir/before" "$dir/after2"; then
    echo "ok a failing dry run names the statement and changes nothing"
else echo "FAIL failing dry run: $out"; diff "$dir/before" "$dir/after2"; status=1; fi
exit $status
