#!/usr/bin/env bash
# The same scripts give the same result on both engines: each history
# (examples/catalog/versions and tests/cross/*/versions, the second full of
# ALTER TABLEs that SQLite can only do by rebuilding) is registered and
# upgraded on SQLite (mig.so) and on PostgreSQL (the extension, through
# psql), then alembic_version, mig_history, the tables and columns, the
# indexes, views and every table's rows are compared; again after a
# downgrade of two revisions and an upgrade back, and at base.
#
# Needs a server: tests/pg/run.sh calls this with PGHOST/PGPORT/PGUSER set
# to its throwaway cluster, after installing the extension.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
so=${MIG_SO:-$root/mig}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-cross.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

sq() { sqlite3 -batch -noheader -list "$tmp/cross.db" ".load $so" "$@"; }
pq() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 -d mig_cross "$@"; }

dump_sqlite() {
    sq "SELECT 'version ' || version_num FROM alembic_version ORDER BY 1;" \
       "SELECT 'history ' || revision || ' ' || coalesce(down_revision, '-') || ' ' ||
               coalesce(branch_labels, '-') || ' ' || coalesce(message, '-') || ' ' ||
               is_head || is_applied FROM mig_history;" \
       "SELECT 'column ' || m.name || '.' || p.name || ' ' ||
               (p.\"notnull\" AND p.pk = 0) || (p.pk > 0)
          FROM sqlite_schema m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
         ORDER BY m.name, p.cid;" \
       "SELECT 'index ' || name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1;" \
       "SELECT 'view ' || name FROM sqlite_schema WHERE type = 'view' ORDER BY 1;" \
       "SELECT 'unique ' || m.name || ' (' || (SELECT group_concat(ii.name) FROM pragma_index_info(il.name) ii) || ')'
          FROM sqlite_schema m, pragma_index_list(m.name) il
         WHERE m.type = 'table' AND il.origin = 'u' ORDER BY 1;" \
       "SELECT 'fk ' || m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || coalesce(f.\"to\", '?') ||
               ' ' || lower(f.on_delete)
          FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1;"
    for t in $(sq "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT IN ('mig_log', 'mig_revision', 'mig_snapshot') ORDER BY 1;"); do
        echo "rows $t $(sq "SELECT count(*) FROM \"$t\";") $(sq "SELECT * FROM \"$t\" ORDER BY 1;" | tr '\n' ' ')"
    done
}

dump_pg() {
    pq -c "SELECT 'version ' || version_num FROM alembic_version ORDER BY version_num COLLATE \"C\"" \
       -c "SELECT 'history ' || revision || ' ' || coalesce(down_revision, '-') || ' ' ||
               coalesce(branch_labels, '-') || ' ' || coalesce(message, '-') || ' ' ||
               is_head::int || is_applied::int FROM mig_history()" \
       -c "SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' ||
               (c.is_nullable = 'NO' AND k.column_name IS NULL)::int ||
               (k.column_name IS NOT NULL)::int
          FROM information_schema.columns c
          LEFT JOIN (SELECT kcu.table_name, kcu.column_name
                       FROM information_schema.table_constraints tc
                       JOIN information_schema.key_column_usage kcu
                         ON kcu.constraint_name = tc.constraint_name
                        AND kcu.table_schema = tc.table_schema
                      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public') k
            ON k.table_name = c.table_name AND k.column_name = c.column_name
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          AND t.table_type = 'BASE TABLE'
         WHERE c.table_schema = 'public' AND c.table_name <> 'mig_generation'
         ORDER BY c.table_name COLLATE \"C\", c.ordinal_position" \
       -c "SELECT 'index ' || i.indexname FROM pg_catalog.pg_indexes i
         WHERE i.schemaname = 'public' AND NOT EXISTS (
               SELECT 1 FROM pg_catalog.pg_constraint k
                WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
         ORDER BY i.indexname COLLATE \"C\"" \
       -c "SELECT 'view ' || viewname FROM pg_catalog.pg_views WHERE schemaname = 'public'
         ORDER BY viewname COLLATE \"C\"" \
       -c "SELECT f FROM (SELECT 'unique ' || c.conrelid::regclass || ' (' ||
               (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')' AS f
          FROM pg_catalog.pg_constraint c
         WHERE c.contype = 'u' AND c.connamespace = 'public'::regnamespace) s ORDER BY f COLLATE \"C\"" \
       -c "SELECT f FROM (SELECT 'fk ' || c.conrelid::regclass || '.' || a.attname || ' -> ' || c.confrelid::regclass || '.' ||
               fa.attname || ' ' || CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'c' THEN 'cascade'
               WHEN 'r' THEN 'restrict' WHEN 'n' THEN 'set null' ELSE 'set default' END AS f
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          JOIN pg_catalog.pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace) s ORDER BY f COLLATE \"C\""
    for t in $(pq -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('mig_log', 'mig_revision', 'mig_snapshot', 'mig_generation') ORDER BY table_name COLLATE \"C\""); do
        echo "rows $t $(pq -c "SELECT count(*) FROM \"$t\"") $(pq -c "SELECT * FROM \"$t\" ORDER BY 1" | tr '\n' ' ')"
    done
}

compare() {
    local step="$name: $1"
    local file=$tmp/$(echo "$step" | tr -c 'A-Za-z0-9\n' '_')
    dump_sqlite | sed 's/ *$//' > "$file.sqlite"
    dump_pg | sed 's/ *$//' > "$file.pg"
    # columns read "<not null, outside the primary key><in the primary key>":
    # the engines disagree on how NOT NULL looks for primary key columns
    if diff -u "$file.sqlite" "$file.pg" > "$file.diff"; then
        echo "ok   cross-engine: $step ($(grep -c . "$file.sqlite") facts equal)"
    else
        echo "FAIL cross-engine: $step"
        cat "$file.diff"
        status=1
    fi
}

# one history: a fresh SQLite file and a fresh PostgreSQL database
run_history() {
    local dir=$1
    name=${dir#"$root"/}
    rm -f "$tmp/cross.db"
    psql -X -q -d postgres -c 'SET client_min_messages = warning' \
        -c 'DROP DATABASE IF EXISTS mig_cross' -c 'CREATE DATABASE mig_cross'
    pq -c 'CREATE EXTENSION mig'
    for f in "$dir"/*.sql; do
        sq "SELECT mig_register(readfile('$f'));" >/dev/null
        pq -v s="$(cat "$f")" <<<"SELECT mig_register(:'s');" >/dev/null
    done
    sq "SELECT mig_upgrade('heads');" >/dev/null
    pq -c "SELECT mig_upgrade('heads')" >/dev/null
    compare "upgrade heads"

    heads=$(sq "SELECT mig_heads();")
    if [ "${heads#*,}" = "$heads" ]; then
        sq "SELECT mig_downgrade('-2');" >/dev/null
        pq -c "SELECT mig_downgrade('-2')" >/dev/null
        compare "downgrade -2"
        sq "SELECT mig_upgrade('head');" >/dev/null
        pq -c "SELECT mig_upgrade('head')" >/dev/null
        compare "upgrade again"
    fi
    sq "SELECT mig_downgrade('base');" >/dev/null
    pq -c "SELECT mig_downgrade('base')" >/dev/null
    compare "downgrade base"
    psql -X -q -d postgres -c 'DROP DATABASE mig_cross'
}

# (examples/monitor, a second database, is compared by two_databases.sh)
for dir in "$root"/examples/catalog/versions "$root"/tests/cross/*/versions; do
    run_history "$dir"
done
echo "cross-engine: $([ $status = 0 ] && echo all equal || echo DIFFERENCES)"
exit $status
