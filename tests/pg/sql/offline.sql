-- Offline mode (mig_sql) and script templates (mig_revision, mig_merge).
CREATE EXTENSION mig;

-- a template on an empty graph is a base
SELECT regexp_replace(mig_revision('first table'),
                      'mig:revision [0-9a-f]{12}', 'mig:revision <random>');
-- ids are 12 random hex digits, different each time
SELECT mig_revision() ~ '^-- mig:revision [0-9a-f]{12}\n' AS looks_right;
SELECT substr(mig_revision(), 1, 30) <> substr(mig_revision(), 1, 30) AS differ;

SELECT mig_register($s$-- mig:revision 5ca1ab1e0001
-- mig:message create place
-- mig:upgrade
CREATE TABLE place (id integer PRIMARY KEY, name text);
INSERT INTO place VALUES (1, 'it''s here');
-- mig:downgrade
DROP TABLE place;
$s$);
SELECT mig_register($s$-- mig:revision 5ca1ab1e0002
-- mig:down_revision 5ca1ab1e0001
-- mig:message place fn
-- mig:upgrade
CREATE FUNCTION place_count() RETURNS bigint LANGUAGE sql
AS $$ SELECT count(*) FROM place; $$;
-- mig:upgrade sqlite
SELECT 'not on postgresql';
-- mig:downgrade
DROP FUNCTION place_count();
$s$);

-- the next template's down_revision is the current head
SELECT regexp_replace(mig_revision('add place kind'),
                      'mig:revision [0-9a-f]{12}', 'mig:revision <random>');

-- what an upgrade would run, nothing executed
SELECT mig_sql('upgrade', 'head');
SELECT mig_sql('upgrade');
SELECT to_regclass('place'), mig_current();

SELECT mig_upgrade('5ca1ab1e0001');
SELECT mig_sql('upgrade', 'head');
SELECT mig_upgrade('head');
SELECT mig_sql('upgrade', 'head');
SELECT mig_sql('downgrade', 'base');
SELECT mig_sql('downgrade', '-1');
SELECT mig_current();

-- bad commands and targets
SELECT mig_sql('sideways', 'head');
SELECT mig_sql('downgrade', 'nosuch');
SELECT mig_sql(NULL, 'head');

-- a merge template needs two heads
SELECT mig_merge('nothing to merge');

SELECT mig_downgrade('base');
DROP EXTENSION mig;
DROP TABLE alembic_version;
