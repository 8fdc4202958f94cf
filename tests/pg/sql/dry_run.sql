-- mig_dry_run: the migration really runs inside a subtransaction, says per
-- revision what it did (statements, rows, which tables were rewritten,
-- which locks were taken), and is rolled back: nothing changes.
CREATE EXTENSION mig;
CREATE TABLE item (id integer PRIMARY KEY, qty integer, note text);
INSERT INTO item SELECT g, g, NULL FROM generate_series(1, 500) g;
SELECT relfilenode AS before_node FROM pg_class WHERE relname = 'item' \gset

SELECT mig_register($s$-- mig:revision d1
-- mig:message widen qty
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE bigint;
ALTER TABLE item ADD COLUMN status text NOT NULL DEFAULT 'new';
UPDATE item SET note = 'n' WHERE id <= 10;
-- mig:downgrade
ALTER TABLE item DROP COLUMN status, ALTER COLUMN qty TYPE integer;
$s$);
SELECT mig_register($s$-- mig:revision d2
-- mig:down_revision d1
-- mig:upgrade
CREATE INDEX item_note ON item (note);
-- mig:downgrade
DROP INDEX item_note;
$s$);

SELECT regexp_replace(regexp_replace(mig_dry_run('upgrade', 'head'), '[0-9]+\.[0-9] ms', 'N ms', 'g'), '\([0-9]+ [a-zA-Z]+, ~[0-9]+ rows\)', '(SIZE)', 'g');
-- nothing changed: no version, no log, the same file, the same rows
SELECT (SELECT count(*) FROM alembic_version) AS versions, count(*) AS log_rows FROM mig_log;
SELECT relfilenode = :before_node AS same_file FROM pg_class WHERE relname = 'item';
SELECT count(*) FILTER (WHERE note IS NOT NULL) AS notes,
       (SELECT count(*) FROM pg_attribute WHERE attrelid = 'item'::regclass AND attname = 'status') AS status_col
FROM item;
-- and the transaction goes on: a real upgrade after it
SELECT mig_upgrade('d1');
SELECT regexp_replace(regexp_replace(mig_dry_run('downgrade', 'base'), '[0-9]+\.[0-9] ms', 'N ms', 'g'), '\([0-9]+ [a-zA-Z]+, ~[0-9]+ rows\)', '(SIZE)', 'g');
SELECT mig_current();
-- nothing to do, and errors
SELECT mig_dry_run('upgrade', 'd1');
SELECT mig_dry_run('sideways', 'head');
SELECT mig_dry_run('upgrade', 'nope');
SELECT mig_current();
-- a statement that fails inside the dry run: the error, with its revision
-- and statement, and the session is not left in an aborted transaction
SELECT mig_register($s$-- mig:revision d3
-- mig:down_revision d2
-- mig:upgrade
INSERT INTO item (id) VALUES (1);
$s$);
SELECT mig_dry_run('upgrade', 'head');
SELECT mig_current(), count(*) AS items FROM item;

DROP TABLE item;
DROP EXTENSION mig;
DROP TABLE alembic_version;
