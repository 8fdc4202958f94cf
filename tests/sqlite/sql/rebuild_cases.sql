-- Portable ALTER TABLE on SQLite, case by case: what PostgreSQL does, mig
-- does; where PostgreSQL refuses, mig refuses, and nothing changes.
.headers on
PRAGMA foreign_keys = ON;
CREATE TABLE account (id INTEGER PRIMARY KEY, email TEXT, balance INTEGER CHECK (balance >= 0), note TEXT);
INSERT INTO account VALUES (1, 'a@x', 10, NULL), (2, NULL, 20, 'n');
CREATE TABLE entry (id INTEGER PRIMARY KEY, account_id INTEGER, amount INTEGER);
INSERT INTO entry VALUES (1, 1, 5), (2, 2, 7);
CREATE VIEW rich AS SELECT id, email FROM account WHERE balance > 15;
CREATE TABLE log (msg TEXT);
CREATE TRIGGER entry_ai AFTER INSERT ON entry BEGIN INSERT INTO log SELECT note FROM account WHERE id = new.account_id; END;
CREATE TABLE snap (n INTEGER);
-- a helper (in temp, where mig does not look): the schema and data as one
-- text, to show nothing changed
CREATE TEMP VIEW state AS SELECT (SELECT group_concat(sql, ';') FROM (SELECT sql FROM main.sqlite_schema WHERE name NOT LIKE 'mig%' AND name NOT LIKE '%alembic_version%' ORDER BY name))
  || (SELECT group_concat(id || '|' || coalesce(email, '') || '|' || balance || '|' || coalesce(note, ''), ',') FROM main.account)
  || (SELECT group_concat(id || '|' || account_id || '|' || amount, ',') FROM main.entry) AS s;
CREATE TEMP TABLE s0 AS SELECT s FROM state;
.print -- SET NOT NULL over NULLs: PostgreSQL's error, nothing changed
SELECT mig_register('-- mig:revision e1
-- mig:upgrade
ALTER TABLE account ALTER COLUMN email SET NOT NULL;') AS r;
SELECT mig_upgrade('e1');
SELECT (SELECT s FROM state) = (SELECT s FROM s0) AS unchanged;
.print -- dropping a column a view uses: refused, naming the view
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e2
-- mig:upgrade
ALTER TABLE account DROP COLUMN email;') AS r;
SELECT mig_upgrade('e2');
SELECT (SELECT s FROM state) = (SELECT s FROM s0) AS unchanged;
.print -- dropping a column another table's trigger uses: refused, naming the trigger
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e3
-- mig:upgrade
ALTER TABLE account DROP COLUMN note;') AS r;
SELECT mig_upgrade('e3');
SELECT (SELECT s FROM state) = (SELECT s FROM s0) AS unchanged;
.print -- changing the type of a column a view uses: refused, as PostgreSQL does
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e3b
-- mig:upgrade
ALTER TABLE account ALTER COLUMN balance TYPE BIGINT;') AS r;
SELECT mig_upgrade('e3b');
SELECT (SELECT s FROM state) = (SELECT s FROM s0) AS unchanged;
.print -- dropping a column another table's foreign key references: refused, as PostgreSQL does
CREATE TABLE coded (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
CREATE TABLE coded_ref (id INTEGER PRIMARY KEY, code TEXT REFERENCES coded (code));
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e3c
-- mig:upgrade
ALTER TABLE coded DROP COLUMN code;') AS r;
SELECT mig_upgrade('e3c');
SELECT sql FROM sqlite_schema WHERE name = 'coded';
DROP TABLE coded_ref;
DROP TABLE coded;
.print -- unknown column, existing column, unknown constraint, unknown table
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e4
-- mig:upgrade
ALTER TABLE account ALTER COLUMN nope TYPE TEXT;') AS r;
SELECT mig_upgrade('e4');
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e5
-- mig:upgrade
ALTER TABLE account ADD COLUMN email TEXT UNIQUE;') AS r;
SELECT mig_upgrade('e5');
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e6
-- mig:upgrade
ALTER TABLE account DROP CONSTRAINT no_such_thing;') AS r;
SELECT mig_upgrade('e6');
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e7
-- mig:upgrade
ALTER TABLE nowhere ADD COLUMN x INTEGER;') AS r;
SELECT mig_upgrade('e7');
.print -- a constraint the rows break: the error names the real table, nothing changed
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e8
-- mig:upgrade
UPDATE account SET email = ''same'';
ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email);') AS r;
SELECT mig_upgrade('e8');
.print -- a foreign key the rows break
DELETE FROM mig_revision;
SELECT mig_register('-- mig:revision e9
-- mig:upgrade
INSERT INTO entry VALUES (3, 99, 1);
ALTER TABLE entry ADD CONSTRAINT entry_account_fk FOREIGN KEY (account_id) REFERENCES account (id);') AS r;
SELECT mig_upgrade('e9');
SELECT (SELECT s FROM state) = (SELECT s FROM s0) AS unchanged;
DROP VIEW temp.state;
.print -- inside the caller's transaction with foreign keys on, a referenced table is not rebuilt
DELETE FROM mig_revision;
CREATE TABLE parent (id INTEGER PRIMARY KEY, v INTEGER);
CREATE TABLE kid (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1, 1);
INSERT INTO kid VALUES (1, 1);
SELECT mig_register('-- mig:revision f1
-- mig:upgrade
ALTER TABLE parent ALTER COLUMN v SET NOT NULL;') AS r;
BEGIN;
SELECT mig_upgrade('f1');
ROLLBACK;
SELECT count(*) AS kids FROM kid;
.print -- ... outside it, it is: foreign keys go off for the call and are checked after
SELECT mig_upgrade('f1') AS up;
SELECT count(*) AS kids FROM kid;
PRAGMA foreign_keys;
SELECT sql FROM sqlite_schema WHERE name = 'parent';
.print -- rebuilding a table no one references leaves foreign keys on: ON DELETE CASCADE in data steps works
CREATE TABLE p2 (id INTEGER PRIMARY KEY);
CREATE TABLE c2 (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p2(id) ON DELETE CASCADE);
INSERT INTO p2 VALUES (1), (2);
INSERT INTO c2 VALUES (1, 1), (2, 2), (3, 2);
SELECT mig_register('-- mig:revision f1b
-- mig:down_revision f1
-- mig:upgrade
ALTER TABLE c2 ALTER COLUMN p SET NOT NULL;
DELETE FROM p2 WHERE id = 2;') AS r;
SELECT mig_upgrade('f1b') AS up;
SELECT * FROM c2;
.print -- a temporary trigger on the table survives its rebuild
CREATE TEMP TRIGGER c2_temp AFTER INSERT ON c2 BEGIN SELECT 1; END;
SELECT mig_register('-- mig:revision f1c
-- mig:down_revision f1b
-- mig:upgrade
ALTER TABLE c2 ALTER COLUMN p DROP NOT NULL;') AS r;
SELECT mig_upgrade('f1c') AS up;
SELECT name FROM temp.sqlite_schema WHERE type = 'trigger';
.print -- the data-migration pattern: add, fill, tighten, in one revision
SELECT mig_register('-- mig:revision f2
-- mig:down_revision f1c
-- mig:upgrade
ALTER TABLE entry ADD COLUMN account_email TEXT;
UPDATE entry SET account_email = (SELECT coalesce(email, ''unknown'') FROM account WHERE account.id = entry.account_id);
ALTER TABLE entry ALTER COLUMN account_email SET NOT NULL;
ALTER TABLE entry DROP COLUMN amount;
ALTER TABLE entry ADD CONSTRAINT entry_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE;
-- mig:downgrade
ALTER TABLE entry DROP CONSTRAINT entry_account_fk;
ALTER TABLE entry ADD COLUMN amount INTEGER;
ALTER TABLE entry DROP COLUMN account_email;') AS r;
SELECT mig_upgrade('f2') AS up;
SELECT sql FROM sqlite_schema WHERE name = 'entry';
SELECT * FROM entry;
PRAGMA foreign_key_check;
.print -- types: USING copies through the expression; SET DEFAULT, DROP DEFAULT, DROP NOT NULL
SELECT mig_register('-- mig:revision f3
-- mig:down_revision f2
-- mig:upgrade
DROP VIEW rich;
ALTER TABLE account ALTER COLUMN balance TYPE TEXT USING printf(''%05d'', balance),
  ALTER COLUMN note SET DEFAULT ''none'', ALTER COLUMN email SET DEFAULT lower(''X@Y'');
ALTER TABLE entry ALTER COLUMN account_email DROP NOT NULL;
ALTER TABLE parent ALTER COLUMN v DROP DEFAULT;') AS r;
SELECT mig_upgrade('f3') AS up;
SELECT sql FROM sqlite_schema WHERE name IN ('account', 'entry') ORDER BY name;
SELECT id, balance, typeof(balance) AS t FROM account;
INSERT INTO account (id) VALUES (3);
SELECT id, email, note FROM account WHERE id = 3;
.print -- constraints by PostgreSQL's names for unnamed ones: <table>_<col>_check, _key, _pkey
CREATE TABLE gadget (id INTEGER NOT NULL, code TEXT UNIQUE, n INTEGER CHECK (n > 0), m INTEGER, CHECK (m > n), PRIMARY KEY (id)) WITHOUT ROWID;
INSERT INTO gadget VALUES (1, 'a', 1, 2);
SELECT mig_register('-- mig:revision f4
-- mig:down_revision f3
-- mig:upgrade
ALTER TABLE gadget DROP CONSTRAINT gadget_n_check, DROP CONSTRAINT gadget_code_key, DROP CONSTRAINT gadget_check;
ALTER TABLE gadget ADD CONSTRAINT gadget_n_range CHECK (n BETWEEN -10 AND 10) NOT VALID;') AS r;
SELECT mig_upgrade('f4') AS up;
SELECT sql FROM sqlite_schema WHERE name = 'gadget';
SELECT * FROM gadget;
.print -- STRICT stays STRICT
CREATE TABLE strict_t (a INTEGER, b TEXT) STRICT;
INSERT INTO strict_t VALUES (1, 'x');
SELECT mig_register('-- mig:revision f5
-- mig:down_revision f4
-- mig:upgrade
ALTER TABLE strict_t ALTER COLUMN b SET NOT NULL, ALTER COLUMN a TYPE REAL;') AS r;
SELECT mig_upgrade('f5') AS up;
SELECT sql FROM sqlite_schema WHERE name = 'strict_t';
SELECT a, typeof(a) FROM strict_t;
INSERT INTO strict_t VALUES ('not a number', 'y');
.print -- native where SQLite is right: a plain ADD COLUMN and DROP COLUMN keep the table
SELECT rootpage AS before_root FROM sqlite_schema WHERE name = 'snap';
SELECT mig_register('-- mig:revision f6
-- mig:down_revision f5
-- mig:upgrade
ALTER TABLE snap ADD COLUMN extra TEXT DEFAULT ''e'', ADD COLUMN other INTEGER;
ALTER TABLE snap DROP COLUMN other;
ALTER TABLE snap RENAME TO snapshot;
ALTER TABLE snapshot RENAME COLUMN n TO num;') AS r;
SELECT mig_upgrade('f6') AS up;
SELECT name, rootpage AS after_root, sql FROM sqlite_schema WHERE name LIKE 'snap%';
PRAGMA integrity_check;
PRAGMA foreign_key_check;
.print -- DROP COLUMN that SQLite itself would let through, leaving a broken schema: refused, nothing changed
CREATE TABLE tally (id INTEGER PRIMARY KEY, hits INTEGER, tag TEXT);
CREATE TRIGGER entry_tally AFTER INSERT ON entry BEGIN UPDATE tally SET hits = hits + 1; END;
CREATE TABLE src (id INTEGER PRIMARY KEY, tag TEXT);
CREATE TABLE tree (id INTEGER PRIMARY KEY, tag TEXT, up TEXT REFERENCES tree (tag));
CREATE TABLE uses_tag (id INTEGER PRIMARY KEY, tag TEXT REFERENCES src (tag));
CREATE TEMP VIEW schema_now AS SELECT group_concat(sql, ';') AS s FROM (SELECT sql FROM main.sqlite_schema WHERE name NOT LIKE 'mig%' ORDER BY name);
CREATE TEMP TABLE s1 AS SELECT s FROM schema_now;
.print -- a column only another table's trigger writes
SELECT mig_register('-- mig:revision g1
-- mig:down_revision f6
-- mig:upgrade
ALTER TABLE tally DROP COLUMN hits;') AS r;
SELECT mig_upgrade('g1');
SELECT (SELECT s FROM schema_now) = (SELECT s FROM s1) AS unchanged;
.print -- a column another table's foreign key references
DELETE FROM mig_revision WHERE revision = 'g1';
SELECT mig_register('-- mig:revision g2
-- mig:down_revision f6
-- mig:upgrade
ALTER TABLE src DROP COLUMN tag;') AS r;
SELECT mig_upgrade('g2');
SELECT (SELECT s FROM schema_now) = (SELECT s FROM s1) AS unchanged;
.print -- a column the table's own foreign key references
DELETE FROM mig_revision WHERE revision = 'g2';
SELECT mig_register('-- mig:revision g3
-- mig:down_revision f6
-- mig:upgrade
ALTER TABLE tree DROP COLUMN tag;') AS r;
SELECT mig_upgrade('g3');
SELECT (SELECT s FROM schema_now) = (SELECT s FROM s1) AS unchanged;
.print -- the same name in other tables does not stop SQLite's own DROP COLUMN
DELETE FROM mig_revision WHERE revision = 'g3';
SELECT rootpage AS before_root FROM sqlite_schema WHERE name = 'tally';
SELECT mig_register('-- mig:revision g4
-- mig:down_revision f6
-- mig:upgrade
ALTER TABLE tally DROP COLUMN tag;') AS r;
SELECT mig_upgrade('g4') AS up;
SELECT rootpage AS after_root, sql FROM sqlite_schema WHERE name = 'tally';
.print -- the same, the names with quotes in them (stored doubled)
CREATE TABLE "ta""lly" (id INTEGER PRIMARY KEY, "hi""ts" INTEGER, other TEXT);
CREATE TRIGGER entry_tally2 AFTER INSERT ON entry BEGIN UPDATE "ta""lly" SET "hi""ts" = "hi""ts" + 1; END;
CREATE TEMP TABLE s3 AS SELECT s FROM schema_now;
SELECT mig_register('-- mig:revision g5
-- mig:down_revision g4
-- mig:upgrade
ALTER TABLE "ta""lly" DROP COLUMN "hi""ts";') AS r;
SELECT mig_upgrade('g5');
SELECT (SELECT s FROM schema_now) = (SELECT s FROM s3) AS unchanged;
