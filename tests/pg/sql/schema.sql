-- The extension in its own schema, with a name that needs quoting: the
-- state tables, alembic_version included, live there.
CREATE SCHEMA "Mig State";
CREATE EXTENSION mig SCHEMA "Mig State";

SELECT "Mig State".mig_register($s$-- mig:revision 5c0001
-- mig:upgrade
CREATE TABLE scoped (id integer);
-- mig:downgrade
DROP TABLE scoped;
$s$);
SELECT "Mig State".mig_upgrade('head');
SELECT "Mig State".mig_current();
SELECT * FROM "Mig State".alembic_version;
SELECT to_regclass('public.alembic_version'), to_regclass('public.scoped');
SELECT revision, direction FROM "Mig State".mig_log ORDER BY id;
SELECT revision, is_applied FROM "Mig State".mig_history();
SELECT "Mig State".mig_downgrade('base');

DROP EXTENSION mig;
SELECT count(*) FROM "Mig State".alembic_version;
DROP SCHEMA "Mig State" CASCADE;
