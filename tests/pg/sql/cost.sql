-- What a change costs on PostgreSQL, said before it runs (mig_sql's
-- "-- cost:" lines, pgcost.c) and checked against what the server does
-- (mig_dry_run: a table whose file changed was rewritten).
CREATE EXTENSION mig;
SET client_min_messages = warning;
CREATE TABLE costed (id integer PRIMARY KEY, v integer, s varchar(20), n numeric(10,2), gone text);
INSERT INTO costed SELECT g, g, 's' || g, g, 'x' FROM generate_series(1, 2000) g;

CREATE FUNCTION register_case(rev text, change text) RETURNS text LANGUAGE sql AS $$
    SELECT mig_register(format(E'-- mig:revision %s\n-- mig:upgrade\n%s\n', rev, change))
$$;
SELECT register_case('c01', 'ALTER TABLE costed ADD COLUMN x integer DEFAULT 42;'),
       register_case('c02', 'ALTER TABLE costed ADD COLUMN y float8 DEFAULT random();'),
       register_case('c03', 'ALTER TABLE costed ALTER COLUMN v TYPE bigint;'),
       register_case('c04', 'ALTER TABLE costed ALTER COLUMN s TYPE varchar(40);'),
       register_case('c05', 'ALTER TABLE costed ALTER COLUMN s TYPE text;'),
       register_case('c06', 'ALTER TABLE costed ALTER COLUMN v SET NOT NULL;'),
       register_case('c07', 'ALTER TABLE costed ADD CONSTRAINT v_positive CHECK (v > 0) NOT VALID;'),
       register_case('c08', 'ALTER TABLE costed DROP COLUMN gone;'),
       register_case('c09', 'ALTER TABLE costed ADD COLUMN id2 integer GENERATED ALWAYS AS IDENTITY;'),
       register_case('c10', 'ALTER TABLE costed ALTER COLUMN n TYPE numeric;'),
       register_case('c11', 'ALTER TABLE costed ALTER COLUMN v TYPE integer USING v + 1;'),
       register_case('c12', 'ALTER TABLE costed ADD CONSTRAINT v_small CHECK (v < 1000000);');

-- every case: the prediction, and whether the table was really rewritten
SELECT rev,
       substring(mig_sql('upgrade', rev) from '-- cost: ([a-z ()]+) of costed') AS predicted,
       mig_dry_run('upgrade', rev) LIKE '%rewrote: costed%' AS rewritten
FROM unnest(ARRAY['c01','c02','c03','c04','c05','c06','c07','c08','c09','c10','c11','c12']) rev
ORDER BY rev;

-- the traps get a NOTICE
SET client_min_messages = notice;
SELECT mig_sql('upgrade', 'c03') IS NOT NULL AS said;
SELECT mig_sql('upgrade', 'c06') IS NOT NULL AS said;
SELECT count(*) FROM costed;

DROP TABLE costed;
DROP FUNCTION register_case(text, text);
DROP EXTENSION mig;
DROP TABLE alembic_version;
