-- The extension's objects: tables, functions, privileges, dump config.
CREATE EXTENSION mig;

SELECT extname, extversion, extrelocatable, extnamespace::regnamespace
FROM pg_extension WHERE extname = 'mig';

-- the state tables, column by column
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
WHERE c.relname IN ('mig_revision', 'mig_log') AND a.attnum > 0
ORDER BY c.relname, a.attnum;

-- both are configuration tables: pg_dump keeps their rows
SELECT unnest(extconfig)::regclass FROM pg_extension WHERE extname = 'mig' ORDER BY 1;

-- alembic_version is not part of the extension
SELECT to_regclass('alembic_version');

-- every function: VOLATILE, not STRICT, not parallel safe; the ones that only
-- read mig's tables pin search_path, the ones that run the caller's SQL do not
SELECT p.oid::regprocedure, p.prorettype::regtype, p.proretset, p.provolatile,
       p.proisstrict, p.proparallel, p.proconfig
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mig'
ORDER BY p.proname;

-- the writing functions are not executable by PUBLIC
CREATE ROLE regress_mig_nobody;
SELECT p.proname, has_function_privilege('regress_mig_nobody', p.oid, 'EXECUTE')
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mig'
ORDER BY p.proname;
SET ROLE regress_mig_nobody;
SELECT mig_upgrade('head');
RESET ROLE;
DROP ROLE regress_mig_nobody;

-- an empty database: no version, no heads, no history
SELECT mig_current();
SELECT mig_heads();
SELECT count(*) FROM mig_history();

DROP EXTENSION mig;
DROP TABLE IF EXISTS alembic_version;
