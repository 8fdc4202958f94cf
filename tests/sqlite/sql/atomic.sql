-- Atomicity: a failing statement in revision 3 of 5 leaves schema, data,
-- alembic_version and mig_log exactly as before; inside the caller's own
-- transaction mig nests (SAVEPOINT) and the caller decides.
.headers on
SELECT mig_register('-- mig:revision a1
-- mig:message one
-- mig:upgrade
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO item (name) VALUES (''a''), (''b'');
-- mig:downgrade
DROP TABLE item;') AS r;
SELECT mig_register('-- mig:revision a2
-- mig:down_revision a1
-- mig:message two
-- mig:upgrade
ALTER TABLE item ADD COLUMN qty INTEGER;
UPDATE item SET qty = 10;
-- mig:downgrade
ALTER TABLE item DROP COLUMN qty;') AS r;
SELECT mig_register('-- mig:revision a3
-- mig:down_revision a2
-- mig:message three fails
-- mig:upgrade
CREATE TABLE other (x INTEGER);
UPDATE item SET qty = qty + 1;
INSERT INTO item (id, name) VALUES (1, ''duplicate id'');
-- mig:downgrade
DROP TABLE other;') AS r;
SELECT mig_register('-- mig:revision a4
-- mig:down_revision a3
-- mig:upgrade
CREATE TABLE four (x INTEGER);') AS r;
SELECT mig_register('-- mig:revision a5
-- mig:down_revision a4
-- mig:upgrade
CREATE TABLE five (x INTEGER);') AS r;
SELECT mig_upgrade('a1') AS first;
.print -- before
SELECT type, name FROM sqlite_schema ORDER BY name;
SELECT * FROM item;
SELECT * FROM alembic_version;
SELECT count(*) AS log_rows FROM mig_log;
SELECT mig_upgrade('head');
.print -- after the failed call: identical
SELECT type, name FROM sqlite_schema ORDER BY name;
SELECT * FROM item;
SELECT * FROM alembic_version;
SELECT count(*) AS log_rows FROM mig_log;
-- inside the caller's transaction: the caller's ROLLBACK undoes mig's work
BEGIN;
SELECT mig_upgrade('a2') AS in_txn;
SELECT mig_current() AS inside;
ROLLBACK;
SELECT mig_current() AS after_rollback, (SELECT count(*) FROM pragma_table_info('item')) AS item_cols;
-- and the caller's COMMIT keeps it
BEGIN;
INSERT INTO item (name) VALUES ('c');
SELECT mig_upgrade('a2') AS in_txn;
COMMIT;
SELECT mig_current() AS after_commit, (SELECT count(*) FROM item) AS items;
-- a failure inside the caller's transaction leaves the caller's own work
BEGIN;
INSERT INTO item (name, qty) VALUES ('d', 1);
SELECT mig_upgrade('head');
SELECT mig_current() AS still, (SELECT count(*) FROM item) AS items, (SELECT count(*) FROM sqlite_schema WHERE name = 'other') AS other;
COMMIT;
SELECT (SELECT count(*) FROM item) AS items_after_commit;
-- downgrade failure is atomic too: a revision without a downgrade section
SELECT mig_register('-- mig:revision a3
-- mig:down_revision a2
-- mig:message three fixed
-- mig:upgrade
CREATE TABLE other (x INTEGER);
-- mig:downgrade
DROP TABLE other;') AS r;
SELECT mig_upgrade('head') AS up;
SELECT mig_downgrade('a2');
SELECT mig_current() AS unchanged, (SELECT group_concat(name) FROM sqlite_schema WHERE name IN ('four', 'five', 'other')) AS tables;
PRAGMA integrity_check;
