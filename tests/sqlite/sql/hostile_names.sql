-- Names with quotes, semicolons, spaces, mixed case and reserved words
-- survive a rebuild: every identifier mig writes goes through one quoting
-- helper.
.headers on
PRAGMA foreign_keys = ON;
CREATE TABLE "Odd ""Table""; DROP TABLE x" ("select" INTEGER PRIMARY KEY, "My Col" TEXT, [group] INTEGER, `a;b` TEXT);
CREATE INDEX "idx ""1""" ON "Odd ""Table""; DROP TABLE x" ("My Col");
CREATE TABLE "child'; --" (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES "Odd ""Table""; DROP TABLE x" ("select") ON DELETE CASCADE);
INSERT INTO "Odd ""Table""; DROP TABLE x" VALUES (1, 'one', 2, 'x'), (2, NULL, 3, 'y');
INSERT INTO "child'; --" VALUES (1, 1), (2, 2);
SELECT mig_register('-- mig:revision h1
-- mig:upgrade
ALTER TABLE "Odd ""Table""; DROP TABLE x" ALTER COLUMN "group" TYPE BIGINT, ADD COLUMN "new ""col""" TEXT NOT NULL DEFAULT ''d'';
ALTER TABLE "Odd ""Table""; DROP TABLE x" RENAME COLUMN "My Col" TO "Your; Col";
ALTER TABLE "Odd ""Table""; DROP TABLE x" DROP COLUMN "a;b";
-- mig:downgrade
ALTER TABLE "Odd ""Table""; DROP TABLE x" ADD COLUMN "a;b" TEXT;
ALTER TABLE "Odd ""Table""; DROP TABLE x" RENAME COLUMN "Your; Col" TO "My Col";
ALTER TABLE "Odd ""Table""; DROP TABLE x" DROP COLUMN "new ""col""", ALTER COLUMN "group" TYPE INTEGER;') AS r;
SELECT mig_upgrade('head') AS up;
SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'mig%' AND name NOT LIKE '%alembic%' AND name NOT LIKE 'sqlite_%' ORDER BY name;
SELECT * FROM "Odd ""Table""; DROP TABLE x";
SELECT count(*) AS children FROM "child'; --";
PRAGMA foreign_key_check;
SELECT mig_downgrade('base') AS down;
SELECT sql FROM sqlite_schema WHERE name LIKE 'Odd%';
SELECT count(*) AS children FROM "child'; --";
PRAGMA integrity_check;
