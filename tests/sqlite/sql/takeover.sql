-- A database that Alembic left at a revision: only alembic_version (and
-- Alembic's schema) exist.  Register the scripts; mig continues from there.
.headers on
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO account (name) VALUES ('kept');
INSERT INTO alembic_version VALUES ('ae1027a6acf');
SELECT mig_current() AS alembic_left;
-- before the scripts are registered, mig says what is missing
SELECT mig_upgrade('head');
SELECT mig_register('-- mig:revision ae1027a6acf
-- mig:message create account table
-- mig:upgrade
CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT);
-- mig:downgrade
DROP TABLE account;') AS r;
SELECT mig_register('-- mig:revision 27c6a30d7c24
-- mig:down_revision ae1027a6acf
-- mig:message add a column
-- mig:upgrade
ALTER TABLE account ADD COLUMN last_transaction_date TEXT;
-- mig:downgrade
ALTER TABLE account DROP COLUMN last_transaction_date;') AS r;
SELECT mig_upgrade('head') AS up;
SELECT * FROM alembic_version;
SELECT * FROM account;
SELECT revision, is_applied, applied_at IS NULL AS when_unknown FROM mig_history;
-- and back: the table Alembic made keeps its definition
SELECT mig_downgrade('-1') AS down;
SELECT sql FROM sqlite_schema WHERE name = 'alembic_version';
