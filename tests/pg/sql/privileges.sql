-- Who may migrate is decided by GRANTs (docs/engines.md): nothing that
-- changes the database is granted to PUBLIC.  The functions run with the
-- caller's rights, so a role that may not alter a table cannot make mig
-- alter it, and a failed call keeps nothing.
CREATE EXTENSION mig;
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE admins_table (id int);
CREATE ROLE regress_mig_deployer;
CREATE ROLE regress_mig_stranger;
-- what a deploying role needs
GRANT USAGE, CREATE ON SCHEMA public TO regress_mig_deployer;
GRANT EXECUTE ON FUNCTION mig_register(text), mig_upgrade(text), mig_downgrade(text)
    TO regress_mig_deployer;
GRANT SELECT, INSERT, UPDATE, DELETE ON mig_revision, mig_log, mig_snapshot, alembic_version
    TO regress_mig_deployer;

SET ROLE regress_mig_stranger;
SELECT mig_upgrade('head');
SELECT mig_register('-- mig:revision p1
-- mig:upgrade');
-- reading needs SELECT on mig's tables, which the stranger lacks too
SELECT mig_current();
RESET ROLE;

SET ROLE regress_mig_deployer;
SELECT mig_register('-- mig:revision p1
-- mig:upgrade
CREATE TABLE deployers_table (id int);
-- mig:downgrade
DROP TABLE deployers_table;');
SELECT mig_upgrade('head');
SELECT mig_register('-- mig:revision p2
-- mig:down_revision p1
-- mig:upgrade
CREATE TABLE another (id int);
ALTER TABLE admins_table ADD COLUMN sneaky int;
-- mig:downgrade
ALTER TABLE admins_table DROP COLUMN sneaky;
DROP TABLE another;');
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT to_regclass('another') AS kept_nothing;
SELECT mig_stamp('head');
RESET ROLE;
SELECT attname FROM pg_attribute WHERE attrelid = 'admins_table'::regclass AND attnum > 0;

SELECT mig_downgrade('base');
DROP TABLE admins_table;
DROP OWNED BY regress_mig_deployer, regress_mig_stranger;
DROP ROLE regress_mig_deployer;
DROP ROLE regress_mig_stranger;
DROP EXTENSION mig;
DROP TABLE alembic_version;
