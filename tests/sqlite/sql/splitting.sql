-- Statement splitting: quotes, comments, [identifiers], trigger bodies
-- with CASE ... END, and engine-limited sections.
.headers on
SELECT mig_register('-- mig:revision s1
-- mig:message tricky statements
-- mig:upgrade
/* a comment; with a semicolon */
CREATE TABLE "odd;name" ([col;1] TEXT, `col;2` TEXT, note TEXT DEFAULT ''a;b'');
-- a line comment; with a semicolon
INSERT INTO "odd;name" VALUES (''x;y'', ''it''''s'', ''-- not a comment'');
CREATE TABLE audit (what TEXT);
CREATE TRIGGER odd_ai AFTER INSERT ON "odd;name"
WHEN new.note IS NOT NULL
BEGIN
  INSERT INTO audit VALUES (CASE WHEN new.note = ''x'' THEN ''x;'' ELSE ''other;'' END);
  INSERT INTO audit VALUES (''second; statement'');
END;
CREATE TEMP TRIGGER temp_tr AFTER INSERT ON audit BEGIN SELECT 1; END;
-- mig:upgrade postgresql
CREATE FUNCTION never_on_sqlite() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
-- mig:upgrade sqlite
INSERT INTO audit VALUES (''sqlite only'');
-- mig:downgrade
DROP TABLE audit;
DROP TABLE "odd;name";
') AS r;
SELECT mig_upgrade('head') AS up;
SELECT * FROM "odd;name";
INSERT INTO "odd;name" (note) VALUES ('x');
SELECT * FROM audit;
SELECT name FROM sqlite_schema WHERE type = 'trigger';
SELECT mig_sql('downgrade', 'base') AS offline;
SELECT mig_downgrade('base') AS down;
SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'mig%' AND name NOT LIKE '%alembic%';
