-- tests/malformed/fingerprint_pg.sql -- the whole database as sorted lines of text,
-- for run_pg.sh: every schema but the system ones, and in them every
-- relation (with its owner, options and grants), column, constraint, index,
-- view, trigger, rule, policy, sequence value, function (outside
-- extensions) and type, the installed extensions, and for every table its
-- row count and the md5 of its rows in order.
WITH nsp AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
), rel AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
)
SELECT line FROM (
    SELECT format('schema %I owner %s acl %s', nspname, nspowner::regrole, nspacl) AS line
      FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM nsp)
    UNION ALL
    SELECT format('extension %I %s schema %s', extname, extversion, extnamespace::regnamespace) FROM pg_extension
    UNION ALL
    SELECT format('relation %I.%I kind %s persistence %s owner %s options %s acl %s', r.nspname, r.relname,
                  c.relkind, c.relpersistence, c.relowner::regrole, c.reloptions, c.relacl)
      FROM rel r JOIN pg_class c ON c.oid = r.oid
    UNION ALL
    SELECT format('column %I.%I %s %I %s not null %s default %s identity %s generated %s collation %s',
                  r.nspname, r.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, a.attcollation)
      FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    UNION ALL
    SELECT format('constraint %I.%I %I %s', r.nspname, r.relname, co.conname, pg_get_constraintdef(co.oid))
      FROM rel r JOIN pg_constraint co ON co.conrelid = r.oid
    UNION ALL
    SELECT format('index %s', pg_get_indexdef(i.indexrelid)) FROM rel r JOIN pg_index i ON i.indrelid = r.oid
    UNION ALL
    SELECT format('view %I.%I %s', r.nspname, r.relname, pg_get_viewdef(r.oid)) FROM rel r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('trigger %s', pg_get_triggerdef(t.oid)) FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT format('rule %s', pg_get_ruledef(ru.oid)) FROM rel r JOIN pg_rewrite ru ON ru.ev_class = r.oid AND ru.rulename <> '_RETURN'
    UNION ALL
    SELECT format('policy %I on %I.%I %s', p.polname, r.nspname, r.relname, pg_get_expr(p.polqual, p.polrelid))
      FROM rel r JOIN pg_policy p ON p.polrelid = r.oid
    UNION ALL
    SELECT format('sequence %I.%I %s', schemaname, sequencename, last_value) FROM pg_sequences
     WHERE schemaname IN (SELECT nspname FROM nsp)
    UNION ALL
    SELECT format('function %s %s', p.oid::regprocedure, md5(pg_get_functiondef(p.oid)))
      FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
     WHERE p.prokind IN ('f', 'p')
       AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'e')
    UNION ALL
    SELECT format('type %I.%I %s', n.nspname, t.typname, t.typtype)
      FROM pg_type t JOIN nsp n ON n.oid = t.typnamespace
     WHERE t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
    UNION ALL
    SELECT format('rows %I.%I %s', r.nspname, r.relname,
                  (xpath('/row/h/text()', query_to_xml(format(
                      'SELECT count(*) || '' rows, md5 '' || md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) AS h FROM %I.%I t',
                      r.nspname, r.relname), false, true, '')))[1]::text)
      FROM rel r WHERE r.relkind = 'r'
) fp ORDER BY line COLLATE "C";
