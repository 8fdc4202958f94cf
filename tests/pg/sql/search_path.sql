-- mig's own statements never resolve a name through the caller's
-- search_path; the scripts do, with pg_catalog first (docs/engines.md).
-- Schema trap, on the caller's path before pg_catalog, holds look-alikes
-- of everything mig might name without a schema: operators, functions,
-- catalog and state tables.  Each look-alike function writes to
-- trap.calls when called, and none may ever be.
CREATE EXTENSION mig;
CREATE SCHEMA app;
CREATE SCHEMA trap;
CREATE TABLE trap.calls (what text);
CREATE FUNCTION trap.called(what text) RETURNS boolean LANGUAGE sql
    AS $$ INSERT INTO trap.calls VALUES (what) RETURNING true $$;
CREATE FUNCTION trap.eq(a text, b text) RETURNS boolean LANGUAGE sql
    AS $$ SELECT trap.called('=') AND pg_catalog.texteq(a, b) $$;
CREATE OPERATOR trap.= (LEFTARG = text, RIGHTARG = text, FUNCTION = trap.eq);
CREATE FUNCTION trap.cat(a text, b text) RETURNS text LANGUAGE sql
    AS $$ SELECT pg_catalog.textcat(a, b) FROM trap.called('||') $$;
CREATE OPERATOR trap.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = trap.cat);
CREATE FUNCTION trap.now() RETURNS timestamptz LANGUAGE sql
    AS $$ SELECT pg_catalog.now() FROM trap.called('now') $$;
CREATE FUNCTION trap.current_setting(text) RETURNS text LANGUAGE sql
    AS $$ SELECT pg_catalog.current_setting($1) FROM trap.called('current_setting') $$;
CREATE FUNCTION trap.set_config(text, text, boolean) RETURNS text LANGUAGE sql
    AS $$ SELECT pg_catalog.set_config($1, $2, $3) FROM trap.called('set_config') $$;
CREATE FUNCTION trap.lower(text) RETURNS text LANGUAGE sql
    AS $$ SELECT pg_catalog.lower($1) FROM trap.called('lower') $$;
CREATE FUNCTION trap.length(text) RETURNS integer LANGUAGE sql
    AS $$ SELECT pg_catalog.length($1) FROM trap.called('length') $$;
CREATE FUNCTION trap.to_regclass(text) RETURNS regclass LANGUAGE sql
    AS $$ SELECT pg_catalog.to_regclass($1) FROM trap.called('to_regclass') $$;
CREATE FUNCTION trap.pg_advisory_xact_lock(bigint) RETURNS void LANGUAGE sql
    AS $$ SELECT pg_catalog.pg_advisory_xact_lock($1) FROM trap.called('lock') $$;
CREATE FUNCTION trap.current_schema() RETURNS name LANGUAGE sql
    AS $$ SELECT pg_catalog.current_schema() FROM trap.called('current_schema') $$;
CREATE FUNCTION trap.quote_ident(text) RETURNS text LANGUAGE sql
    AS $$ SELECT pg_catalog.quote_ident($1) FROM trap.called('quote_ident') $$;
-- empty tables named like the catalog and like mig's own
CREATE TABLE trap.pg_class (oid oid, relname name);
CREATE TABLE trap.pg_namespace (oid oid, nspname name);
CREATE TABLE trap.pg_attribute (attrelid oid, attname name);
CREATE TABLE trap.mig_revision (revision text);
CREATE TABLE trap.mig_log (revision text);
CREATE TABLE trap.alembic_version (version_num text);

SET search_path = app, trap, pg_catalog;
SELECT public.mig_register('-- mig:revision sp1
-- mig:message items
-- mig:upgrade
CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
-- mig:downgrade
DROP TABLE item;');
SELECT public.mig_register('-- mig:revision sp2
-- mig:down_revision sp1
-- mig:upgrade
ALTER TABLE item ADD COLUMN price numeric(10,2) DEFAULT 0 CHECK (price >= 0);
ALTER TABLE item RENAME COLUMN name TO title;
CREATE INDEX item_title ON item (title);
-- mig:downgrade
DROP INDEX item_title;
ALTER TABLE item RENAME COLUMN title TO name;
ALTER TABLE item DROP COLUMN price;');
SELECT public.mig_upgrade('head');
-- the scripts ran under the caller's path: item is in app
SELECT c.relnamespace OPERATOR(pg_catalog.=) 'app'::regnamespace AS in_app
    FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) 'app.item'::regclass;
SELECT public.mig_current();
SELECT revision, is_applied FROM public.mig_history();
SELECT public.mig_dry_run('downgrade', 'base') IS NOT NULL AS dry_run_ran;
SELECT public.mig_downgrade('base');
SELECT public.mig_stamp('sp1');
SELECT public.mig_stamp('base');
SELECT public.mig_upgrade('head');
SELECT public.mig_repair('sp1');
SELECT public.mig_heads();
SELECT public.mig_show('sp1') IS NOT NULL AS shown;
-- the caller's path is theirs again after each call
SHOW search_path;
-- mig never called a look-alike, and never wrote to the look-alike tables
SELECT what, pg_catalog.count(*) FROM trap.calls GROUP BY what ORDER BY what;
SELECT (SELECT pg_catalog.count(*) FROM trap.mig_revision)
     + (SELECT pg_catalog.count(*) FROM trap.mig_log)
     + (SELECT pg_catalog.count(*) FROM trap.alembic_version) AS lookalike_rows;

-- The functions that read the caller's schema by the caller's names:
-- they resolve the caller's tables, and still none of the look-alikes.
SELECT public.mig_sql('downgrade', 'base') IS NOT NULL AS sql_made;
SELECT public.mig_drift();
SELECT public.mig_check('CREATE TABLE item (id int PRIMARY KEY, title text NOT NULL,
    price numeric(10,2) DEFAULT 0 CHECK (price >= 0));
CREATE INDEX item_title ON item (title);');
SELECT public.mig_autogenerate('more', 'CREATE TABLE item (id int PRIMARY KEY, title text NOT NULL,
    price numeric(10,2) DEFAULT 0 CHECK (price >= 0), note text);
CREATE INDEX item_title ON item (title);') IS NOT NULL AS generated;
SELECT what, pg_catalog.count(*) FROM trap.calls GROUP BY what ORDER BY what;

-- a script runs under the caller's path with pg_catalog first, as
-- PostgreSQL's default path has it: lower() is the built-in one
SELECT public.mig_register('-- mig:revision sp3
-- mig:down_revision sp2
-- mig:upgrade
INSERT INTO item (id, title) VALUES (1, lower(''SCRIPT''));
-- mig:downgrade
DELETE FROM item;');
SELECT public.mig_upgrade('head');
SELECT title FROM app.item;
SELECT what, pg_catalog.count(*) FROM trap.calls GROUP BY what ORDER BY what;
-- what a script SETs ends with its revision: the next one runs under the
-- caller's path again, and the session keeps its settings
SELECT public.mig_register('-- mig:revision sp35
-- mig:down_revision sp3
-- mig:upgrade
SET statement_timeout = ''7s'';
SET search_path = trap;
CREATE TABLE made_in_trap (id int);
-- mig:downgrade
DROP TABLE trap.made_in_trap;');
SELECT public.mig_register('-- mig:revision sp36
-- mig:down_revision sp35
-- mig:upgrade
CREATE TABLE made_after (id int);
-- mig:downgrade
DROP TABLE made_after;');
SELECT public.mig_upgrade('head');
SELECT pg_catalog.to_regclass('trap.made_in_trap') AS in_trap,
       pg_catalog.to_regclass('app.made_after') AS after;
SHOW statement_timeout;
SHOW search_path;

-- a failed call caught by the caller leaves the caller's path as it was
SELECT public.mig_register('-- mig:revision sp4
-- mig:down_revision sp36
-- mig:upgrade
CREATE TABLE fine (id int);
SELECT 1 / 0;');
DO $$ BEGIN PERFORM public.mig_upgrade('head');
EXCEPTION WHEN division_by_zero THEN RAISE NOTICE 'caught: %', SQLERRM; END $$;
SHOW search_path;
SELECT public.mig_current(), pg_catalog.to_regclass('app.fine') AS fine;
RESET search_path;
DROP SCHEMA trap CASCADE;
DROP SCHEMA app CASCADE;
DROP EXTENSION mig;
DROP TABLE alembic_version;
