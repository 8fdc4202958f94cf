-- Tampering and drift on PostgreSQL: mig_drift() compares the current
-- schema with the one the last migrating call recorded (mig_snapshot);
-- mig_repair() accepts a changed script.
CREATE EXTENSION mig;
SELECT mig_drift();
SELECT mig_register('-- mig:revision r1
-- mig:message accounts
-- mig:upgrade
CREATE TABLE account (id integer PRIMARY KEY, owner text NOT NULL, balance integer DEFAULT 0);
CREATE TABLE entry (id integer PRIMARY KEY, account_id integer REFERENCES account (id), amount integer);
CREATE INDEX account_owner ON account (owner);
-- mig:downgrade
DROP TABLE entry;
DROP TABLE account;') AS r1;
SELECT mig_upgrade('head');
SELECT coalesce(mig_drift(), 'no drift') AS drift;
SELECT heads, schema_sql FROM mig_snapshot;
ALTER TABLE account ADD COLUMN note text;
ALTER TABLE account ALTER COLUMN balance SET NOT NULL;
DROP INDEX account_owner;
CREATE TABLE scratch_pad (x int);
SELECT mig_drift() AS drift;
DROP TABLE scratch_pad;
ALTER TABLE account DROP COLUMN note;
ALTER TABLE account ALTER COLUMN balance DROP NOT NULL;
CREATE INDEX account_owner ON account (owner);
SELECT coalesce(mig_drift(), 'no drift') AS drift;
SELECT count(*) AS scratch_schemas FROM pg_namespace WHERE nspname LIKE 'mig\_scratch\_%';

-- a script edited in place, then repaired
UPDATE mig_revision SET script = script || E'\n-- edited' WHERE revision = 'r1';
SELECT mig_downgrade('base');
SELECT mig_repair('r1') LIKE 'repaired r1: %' AS repaired;
SELECT revision, direction FROM mig_log ORDER BY id;
SELECT mig_repair('r1', '-- mig:revision r1
-- mig:depends_on r0
-- mig:upgrade');
CREATE ROLE regress_mig_nobody_drift;
SELECT has_function_privilege('regress_mig_nobody_drift', 'mig_repair(text, text)', 'EXECUTE') AS may_repair;
DROP ROLE regress_mig_nobody_drift;
SELECT mig_downgrade('base');
SELECT coalesce(mig_drift(), 'no drift') AS drift;

DROP EXTENSION mig;
DROP TABLE alembic_version;
