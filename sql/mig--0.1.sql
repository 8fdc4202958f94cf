-- mig--0.1.sql -- the mig extension's tables and functions.
--
-- mig_revision holds every registered script, mig_log one row per
-- revision applied, downgraded or stamped.  alembic_version is not created
-- here: the core creates it on first use, in this same schema, so that
-- DROP EXTENSION leaves the database's version behind, as Alembic would.
--
-- search_path.  No function trusts the caller's search_path for mig's
-- own statements: those that only read or register pin it
-- (SET search_path = pg_catalog, pg_temp).  mig_upgrade, mig_downgrade,
-- mig_stamp and mig_dry_run pin it in C for mig's own statements and put
-- the caller's back while a script runs, so a script means what it says.
-- The functions that read the caller's schema by the caller's names and
-- change nothing (mig_sql, mig_autogenerate, mig_check, mig_drift) run
-- under the caller's path; the C code qualifies every name of its own
-- (pg_catalog., the extension's schema).  None is STRICT: the core
-- reports NULL arguments itself.

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION mig" to load this file. \quit

CREATE TABLE @extschema@.mig_revision (
    revision      text PRIMARY KEY,
    down_revision text,
    branch_labels text,
    depends_on    text,
    message       text,
    checksum      text NOT NULL,
    script        text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- id is max(id) + 1, supplied by the core: no sequence to dump or reset.
CREATE TABLE @extschema@.mig_log (
    id          bigint PRIMARY KEY,
    revision    text NOT NULL,
    direction   text NOT NULL,
    checksum    text,
    logged_at   timestamptz NOT NULL,
    duration_ms double precision,
    role        text
);

-- The schema as the last migrating call left it, as the CREATE statements
-- that make it (one row): mig_drift() compares the database with it.
CREATE TABLE @extschema@.mig_snapshot (
    taken_at    timestamptz NOT NULL,
    heads       text,
    schema_sql  text NOT NULL
);

-- A counter that every transaction changing a mig_revision moves, once
-- (the trigger below, and one on each named database's), recording which
-- transaction moved it (64 bits: never reused): a session keeps the
-- revision graph between calls and reads it again when the counter's row
-- is not the one it was read under; it keeps none while the row is its
-- own transaction's.  Not user data.
CREATE TABLE @extschema@.mig_generation (n bigint NOT NULL, xact pg_catalog.xid8);
INSERT INTO @extschema@.mig_generation VALUES (0);
GRANT SELECT ON @extschema@.mig_generation TO PUBLIC;

CREATE FUNCTION @extschema@.mig_bump_generation() RETURNS trigger
    LANGUAGE C SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'pgmig_bump_generation';
REVOKE ALL ON FUNCTION @extschema@.mig_bump_generation() FROM PUBLIC;

CREATE TRIGGER mig_revision_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.mig_revision
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.mig_bump_generation();

-- All three are user data: pg_dump must keep their rows.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.mig_revision', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.mig_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.mig_snapshot', '');

-- Writing functions: they take the migration lock and change the database.

CREATE FUNCTION @extschema@.mig_register(script text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_register'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_register_dir(path text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pgmig_register_dir'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_upgrade(target text DEFAULT 'head') RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_upgrade'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION @extschema@.mig_downgrade(target text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_downgrade'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION @extschema@.mig_stamp(target text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_stamp'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

-- Reading functions: they only look at the state tables (still VOLATILE:
-- the state changes within a transaction).

CREATE FUNCTION @extschema@.mig_current() RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_current'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_heads() RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_heads'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_history()
    RETURNS TABLE (revision text, down_revision text, branch_labels text,
                   message text, is_head boolean, is_applied boolean,
                   applied_at timestamptz, database text)
    AS 'MODULE_PATHNAME', 'pgmig_history'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_show(revision text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_show'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_revision(message text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_revision'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_merge(message text DEFAULT NULL,
                                      revisions text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_merge'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION @extschema@.mig_sql(command text, target text DEFAULT 'head') RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_sql'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION @extschema@.mig_dry_run(command text, target text DEFAULT 'head') RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_dry_run'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

-- Authoring: compare the database with a wanted schema.  They build it in
-- a schema of their own inside a subtransaction that is rolled back, so
-- they change nothing (the caller needs CREATE on the database).
CREATE FUNCTION @extschema@.mig_autogenerate(message text, target_schema text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_autogenerate'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION @extschema@.mig_check(target_schema text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_check'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

-- What changed in the schema since the last migrating call recorded it
-- (mig_snapshot), built the same way as mig_check's target.
CREATE FUNCTION @extschema@.mig_drift() RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_drift'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;

-- Accept a changed script of a revision: the stored text as it is now
-- (script NULL), or a new text; recorded in mig_log as a 'repair'.
CREATE FUNCTION @extschema@.mig_repair(revision text, script text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'pgmig_repair'
    LANGUAGE C VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp;

-- Only the owner (and roles it grants to) may change the schema.
REVOKE ALL ON FUNCTION @extschema@.mig_register(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_register_dir(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_upgrade(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_downgrade(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_stamp(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_dry_run(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.mig_repair(text, text) FROM PUBLIC;
