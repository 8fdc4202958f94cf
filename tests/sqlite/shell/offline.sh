#!/bin/sh
# mig_sql on SQLite: the exact SQL of an upgrade with table rebuilds and
# data steps, recorded from a run that is rolled back.  Running that text
# in the sqlite3 shell must give the same schema, data and alembic_version
# as mig_upgrade, and mig_sql itself must change nothing.
set -u
so=${MIG_SO:?}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-offline.XXXXXX")
trap 'rm -rf "$dir"' EXIT
status=0
db=$dir/a.db
sqlite3 "$db" "PRAGMA foreign_keys=ON;
  CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, v INT, old TEXT);
  CREATE INDEX p_old ON p (old);
  CREATE TABLE c (id INTEGER PRIMARY KEY, pid INT REFERENCES p(id) ON DELETE CASCADE);
  CREATE VIEW pv AS SELECT id, v FROM p;
  INSERT INTO p (v, old) VALUES (1, 'a'), (2, 'b'), (3, 'c');
  DELETE FROM p WHERE id = 3;  -- the AUTOINCREMENT counter stays above max(id)
  INSERT INTO c VALUES (1, 1), (2, 2);"
cat > "$dir/r1.sql" <<'SQL'
-- mig:revision r1
-- mig:upgrade
ALTER TABLE p ADD COLUMN w TEXT;
UPDATE p SET w = 'w' || v;
ALTER TABLE p ALTER COLUMN w SET NOT NULL, DROP COLUMN old;
ALTER TABLE p RENAME COLUMN w TO label;
CREATE TABLE extra (id INTEGER PRIMARY KEY, note BYTEA);
-- mig:downgrade
DROP TABLE extra;
SQL
dump() {
    sqlite3 "$1" "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'mig%' ORDER BY name;
                  SELECT * FROM alembic_version; SELECT * FROM p; SELECT * FROM c;
                  SELECT * FROM sqlite_sequence; PRAGMA foreign_key_check; PRAGMA integrity_check;" 2>&1
}
printf '.load %s\nPRAGMA foreign_keys=ON;\nSELECT mig_register(readfile(%s));\n' "$so" "'$dir/r1.sql'" |
    sqlite3 -batch "$db" >/dev/null
cp "$db" "$dir/b.db"
dump "$db" > "$dir/before"
printf '.load %s\nPRAGMA foreign_keys=ON;\nSELECT mig_sql(%s, %s);\n' "$so" "'upgrade'" "'head'" |
    sqlite3 -batch "$db" > "$dir/offline.sql" 2>&1
dump "$db" > "$dir/after_sql"
if cmp -s "$dir/before" "$dir/after_sql"; then echo "ok mig_sql changes nothing"
else echo "FAIL mig_sql changed the database"; diff "$dir/before" "$dir/after_sql"; status=1; fi
# the recorded text, run by the plain sqlite3 shell (no mig loaded)
sqlite3 -batch -cmd "PRAGMA foreign_keys=ON" "$dir/b.db" < "$dir/offline.sql" > "$dir/run.out" 2>&1
printf '.load %s\nPRAGMA foreign_keys=ON;\nSELECT mig_upgrade();\n' "$so" | sqlite3 -batch "$db" >/dev/null
dump "$db" > "$dir/by_mig"
dump "$dir/b.db" > "$dir/by_text"
if [ ! -s "$dir/run.out" ] && cmp -s "$dir/by_mig" "$dir/by_text" && grep -q "_mig_new_p" "$dir/offline.sql"; then
    echo "ok the offline SQL, rebuilds spelled out, gives what mig_upgrade gives"
else
    echo "FAIL the offline SQL differs from mig_upgrade"
    cat "$dir/run.out"; diff "$dir/by_mig" "$dir/by_text"; cat "$dir/offline.sql"; status=1
fi
exit $status
