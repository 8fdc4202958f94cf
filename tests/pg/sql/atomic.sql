-- A failing statement in revision 3 of 5 leaves schema, data and
-- alembic_version exactly as before; the error names the revision and
-- the statement.
CREATE EXTENSION mig;

CREATE TABLE account (id integer PRIMARY KEY, balance integer NOT NULL);
INSERT INTO account VALUES (1, 100), (2, 200);

SELECT mig_register($s$-- mig:revision r1
-- mig:upgrade
CREATE TABLE r1_table (id integer);
UPDATE account SET balance = balance + 1;
-- mig:downgrade
DROP TABLE r1_table;
$s$);
SELECT mig_register($s$-- mig:revision r2
-- mig:down_revision r1
-- mig:upgrade
ALTER TABLE account ADD COLUMN owner text;
UPDATE account SET owner = 'owner ' || id;
-- mig:downgrade
ALTER TABLE account DROP COLUMN owner;
$s$);
SELECT mig_register($s$-- mig:revision r3
-- mig:down_revision r2
-- mig:upgrade
CREATE TABLE r3_table (id integer);
INSERT INTO r3_table VALUES (1);

-- the third statement fails
INSERT INTO account (id, balance) VALUES (3, NULL);
-- mig:downgrade
DROP TABLE r3_table;
$s$);
SELECT mig_register($s$-- mig:revision r4
-- mig:down_revision r3
-- mig:upgrade
CREATE TABLE r4_table (id integer);
-- mig:downgrade
DROP TABLE r4_table;
$s$);
SELECT mig_register($s$-- mig:revision r5
-- mig:down_revision r4
-- mig:upgrade
CREATE TABLE r5_table (id integer);
-- mig:downgrade
DROP TABLE r5_table;
$s$);

SELECT mig_upgrade('head');

-- nothing of r1, r2 or r3 remains
SELECT mig_current();
SELECT to_regclass('alembic_version') IS NULL OR
       (SELECT count(*) FROM alembic_version) = 0 AS no_version;
SELECT to_regclass('r1_table'), to_regclass('r3_table'), to_regclass('r5_table');
SELECT * FROM account ORDER BY id;
SELECT count(*) FROM mig_log;

-- up to the good part, then the failure again: r1 and r2 stay applied
SELECT mig_upgrade('r2');
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT * FROM account ORDER BY id;
SELECT to_regclass('r3_table');

-- a failing downgrade is undone as well
SELECT mig_register($s$-- mig:revision r3
-- mig:down_revision r2
-- mig:upgrade
CREATE TABLE r3_table (id integer);
-- mig:downgrade
DROP TABLE r3_table;
DROP TABLE no_such_table;
$s$);
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT mig_downgrade('r1');
SELECT mig_current();
SELECT to_regclass('r3_table'), to_regclass('r4_table'), to_regclass('r5_table');

-- an error in a PL/pgSQL body: the context names the function and the
-- revision
SELECT mig_register($s$-- mig:revision r6
-- mig:down_revision r5
-- mig:upgrade
CREATE TABLE r6_table (id integer);
DO $$
BEGIN
    RAISE EXCEPTION 'r6 refuses to run';
END
$$;
$s$);
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT to_regclass('r6_table');

-- the caller's transaction: the upgrade is rolled back with it, and the
-- migration lock is a transaction-scoped advisory lock
BEGIN;
SELECT mig_register($s$-- mig:revision r6
-- mig:down_revision r5
-- mig:upgrade
CREATE TABLE r6_table (id integer);
-- mig:downgrade
DROP TABLE r6_table;
$s$);
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT locktype, classid, objid, objsubid, mode, granted FROM pg_locks
WHERE locktype = 'advisory' AND pid = pg_backend_pid();
ROLLBACK;
SELECT mig_current();
SELECT to_regclass('r6_table');
SELECT revision FROM mig_revision ORDER BY revision;
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();

-- inside a savepoint the caller's transaction survives the failure
BEGIN;
SAVEPOINT before_upgrade;
SELECT mig_register($s$-- mig:revision r6
-- mig:down_revision r5
-- mig:upgrade
SELECT 1/0;
$s$);
SELECT mig_upgrade('head');
ROLLBACK TO SAVEPOINT before_upgrade;
SELECT mig_current();
COMMIT;

-- user SQL runs under the caller's search_path
CREATE SCHEMA app;
SELECT mig_register($s$-- mig:revision r6
-- mig:down_revision r5
-- mig:upgrade
CREATE TABLE placed (id integer);
-- mig:downgrade
DROP TABLE placed;
$s$);
SET search_path = app, public;
SELECT mig_upgrade('head');
SELECT to_regclass('app.placed'), to_regclass('public.placed');
SELECT mig_downgrade('r5');
SELECT to_regclass('app.placed');
RESET search_path;

DROP SCHEMA app;
DROP TABLE account, r1_table, r3_table, r4_table, r5_table;
DROP EXTENSION mig;
DROP TABLE alembic_version;
