-- Tampering and drift: mig_drift() compares the schema with the one the
-- last migrating call recorded; mig_repair() says what to do about a
-- revision whose script changed after it was applied.
.headers on
SELECT mig_drift();
SELECT mig_register('-- mig:revision r1
-- mig:message accounts
-- mig:upgrade
CREATE TABLE account (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER DEFAULT 0);
CREATE INDEX account_owner ON account (owner);
CREATE VIEW rich AS SELECT * FROM account WHERE balance > 1000;
-- mig:downgrade
DROP VIEW rich;
DROP TABLE account;') AS r1;
SELECT mig_upgrade('head');
SELECT coalesce(mig_drift(), 'no drift') AS drift;
-- changes made outside mig
ALTER TABLE account ADD COLUMN note TEXT;
DROP INDEX account_owner;
CREATE TABLE scratch_pad (x);
CREATE INDEX account_balance ON account (balance);
SELECT mig_drift() AS drift;
-- a stamp records the schema as it is: that is the new reference
SELECT mig_stamp('base');
SELECT mig_stamp('head');
SELECT coalesce(mig_drift(), 'no drift') AS drift;
DROP TABLE scratch_pad;
SELECT mig_drift() AS drift;

-- the stored script of an applied revision edited in place: refused when
-- it is needed, until mig_repair records it
UPDATE mig_revision SET script = replace(script, 'DROP TABLE account;', 'DROP TABLE account; -- bye')
 WHERE revision = 'r1';
SELECT mig_downgrade('base');
SELECT mig_repair('r1') LIKE 'repaired r1: its stored script, as it is now, has checksum %' AS repaired;
SELECT mig_repair('r1');
SELECT revision, direction FROM mig_log ORDER BY id;

-- a changed text of an applied revision: mig_register refuses and names
-- mig_repair; mig_repair(revision, script) stores it, where it was
SELECT mig_register('-- mig:revision r1
-- mig:message accounts, with a better message
-- mig:upgrade
CREATE TABLE account (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER DEFAULT 0);
CREATE INDEX account_owner ON account (owner);
CREATE VIEW rich AS SELECT * FROM account WHERE balance > 1000;
-- mig:downgrade
DROP VIEW rich;
DROP TABLE account;') IS NOT NULL;
SELECT mig_repair('r1', '-- mig:revision r1
-- mig:down_revision r0
-- mig:upgrade');
SELECT mig_repair('r1', '-- mig:revision r2
-- mig:upgrade');
SELECT mig_repair('r1', 'not a script');
SELECT mig_repair('nope');
SELECT mig_repair(NULL);
SELECT mig_repair('r1', '-- mig:revision r1
-- mig:message accounts, with a better message
-- mig:upgrade
CREATE TABLE account (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER DEFAULT 0);
CREATE INDEX account_owner ON account (owner);
CREATE VIEW rich AS SELECT * FROM account WHERE balance > 1000;
-- mig:downgrade
DROP VIEW rich;
DROP TABLE account;') LIKE 'repaired r1: its script is replaced %' AS repaired;
SELECT message FROM mig_history;
SELECT mig_downgrade('base');
SELECT count(*) AS tables_left FROM sqlite_schema WHERE name IN ('account', 'rich');
SELECT coalesce(mig_drift(), 'no drift') AS drift;
