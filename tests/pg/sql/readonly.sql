-- In a read-only transaction (as on a hot standby, where
-- tests/pg/replication.sh checks the same), the functions that change the
-- database refuse before they read anything, and the reading ones work.
CREATE EXTENSION mig;
SELECT mig_register('-- mig:revision r1
-- mig:upgrade
CREATE TABLE r1 (id int);
-- mig:downgrade
DROP TABLE r1;');
SELECT mig_upgrade('head');
SET default_transaction_read_only = on;
SELECT mig_current(), mig_heads();
SELECT revision, is_applied FROM mig_history();
SELECT mig_show('r1') IS NOT NULL AS shown;
SELECT mig_sql('downgrade', 'base') LIKE '%DROP TABLE r1%' AS offline_sql;
SELECT mig_upgrade('head');
SELECT mig_downgrade('base');
SELECT mig_stamp('base');
SELECT mig_register('-- mig:revision r2');
SELECT mig_register_dir('/nonexistent');
SELECT mig_dry_run('downgrade', 'base');
SELECT mig_check('CREATE TABLE r1 (id int)');
SELECT mig_autogenerate('m', 'CREATE TABLE r1 (id int)');
RESET default_transaction_read_only;
SELECT mig_downgrade('base');
DROP EXTENSION mig;
DROP TABLE alembic_version;
