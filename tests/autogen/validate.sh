#!/usr/bin/env bash
# tests/autogen/validate.sh -- checks the pairs themselves, without mig.
#
#   bash tests/autogen/validate.sh [PAIR_FILE...]     (default: pairs/*.sql)
#
# For each pair and each engine it is meant for:
#   - the "from" part runs on a fresh database (SQLite with foreign keys
#     on; then foreign_key_check and integrity_check are clean);
#   - "from" without its INSERTs runs on a fresh database and gives the
#     same schema (SQLite) and empty tables;
#   - the "to" part runs on a fresh database and leaves every table empty
#     (it holds no INSERT);
#   - feasibility: the rows of "from" fit the "to" schema and back: rows of
#     the tables both schemas have are copied, column by column (by name),
#     into a fresh "to" schema, and from there into a fresh "from" schema;
#     NOT NULL, CHECK, UNIQUE, FOREIGN KEY (and on PostgreSQL the types)
#     must accept them. This is what any correct migration needs.
# It also says when "from" and "to" give the same SQLite schema (only the
# *no_change pairs should).
#
# SQLite: the sqlite3 shell. PostgreSQL: PGHOST/PGPORT/PGUSER name a
# cluster where that role may create databases (mig is not needed); when
# PGHOST is unset the PostgreSQL checks are skipped. Databases named
# mig_autogen_val_* are created and dropped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

if [ $# -eq 0 ]; then
    set -- "$here"/pairs/*.sql
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-autogen-val.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
failed=""

# ---- SQLite ---------------------------------------------------------------

sq() { sqlite3 -bail -batch -noheader -list "$@"; }

# The statements that copy, into the main database, the rows of every table
# that also exists in the attached database "src" (by name, any case), the
# columns both have (generated columns are not in pragma_table_info); the
# main database's triggers are dropped first so that they do not fire.
sq_copy_sql=$(cat <<'SQL'
SELECT 'DROP TRIGGER "' || replace(name, '"', '""') || '";'
  FROM main.sqlite_schema WHERE type = 'trigger';
SELECT 'INSERT INTO main.' || qm || ' (' || cols || ') SELECT ' || cols || ' FROM src.' || qs || ';'
  FROM (SELECT '"' || replace(m.name, '"', '""') || '"' AS qm,
               '"' || replace(s.name, '"', '""') || '"' AS qs,
               (SELECT group_concat('"' || replace(p.name, '"', '""') || '"', ', ')
                  FROM pragma_table_info(m.name, 'main') p
                 WHERE EXISTS (SELECT 1 FROM pragma_table_info(s.name, 'src') q
                                WHERE lower(q.name) = lower(p.name))) AS cols
          FROM main.sqlite_schema m
          JOIN src.sqlite_schema s ON s.type = 'table' AND lower(s.name) = lower(m.name)
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\')
 WHERE cols IS NOT NULL;
SQL
)

# sq_rows DB: the total number of rows of DB's tables.
sq_rows() {
    local q
    q=$(sq "$1" "SELECT group_concat('SELECT count(*) AS n FROM \"' || replace(name, '\"', '\"\"') || '\"', ' UNION ALL ')
                   FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\\';")
    if [ -z "$q" ]; then echo 0; else sq "$1" "SELECT sum(n) FROM ($q);"; fi
}

# sq_clean DB: foreign_key_check empty and integrity_check ok.
sq_clean() {
    local out
    out=$(sq "$1" "PRAGMA foreign_key_check;" "PRAGMA integrity_check;")
    [ "$out" = ok ] || { echo "checks of $1: $out"; return 1; }
}

# sq_copy DST SRC: copy SRC's rows into DST (see sq_copy_sql), then check.
sq_copy() {
    local stmts
    stmts=$(sq "$1" "ATTACH '$2' AS src;" "$sq_copy_sql") || return 1
    sq "$1" "ATTACH '$2' AS src;" "$stmts" || return 1
    sq_clean "$1"
}

check_sqlite() {
    local d=$1
    sq "$d/from.db" "PRAGMA foreign_keys = ON;" ".read $d/from.sql" || { echo "from failed"; return 1; }
    sq_clean "$d/from.db" || return 1
    sq "$d/schema.db" "PRAGMA foreign_keys = ON;" ".read $d/from_schema.sql" || { echo "from without INSERTs failed"; return 1; }
    [ "$(sq_rows "$d/schema.db")" = 0 ] || { echo "from without INSERTs still has rows"; return 1; }
    [ "$(sq "$d/schema.db" "SELECT sql FROM sqlite_schema ORDER BY name;")" = \
      "$(sq "$d/from.db" "SELECT sql FROM sqlite_schema ORDER BY name;")" ] ||
        { echo "from without INSERTs has another schema"; return 1; }
    sq "$d/to.db" "PRAGMA foreign_keys = ON;" ".read $d/to.sql" || { echo "to failed"; return 1; }
    [ "$(sq_rows "$d/to.db")" = 0 ] || { echo "to has rows"; return 1; }
    if [ "$(sq "$d/schema.db" "SELECT sql FROM sqlite_schema ORDER BY name;")" = \
         "$(sq "$d/to.db" "SELECT sql FROM sqlite_schema ORDER BY name;")" ]; then
        echo "note: from and to give the same schema"
    fi
    cp "$d/to.db" "$d/up.db"
    sq_copy "$d/up.db" "$d/from.db" || { echo "the rows of from do not fit to"; return 1; }
    cp "$d/schema.db" "$d/down.db"
    sq_copy "$d/down.db" "$d/up.db" || { echo "the rows do not fit back into from"; return 1; }
}

# ---- PostgreSQL -----------------------------------------------------------

pq() {
    PGOPTIONS="-c client_min_messages=warning ${PGOPTIONS_EXTRA:-}" \
        psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# pq_run DB SCHEMA FILE: run FILE in DB with search_path SCHEMA.
pq_run() {
    PGOPTIONS_EXTRA="-c search_path=$2" pq -d "$1" -f "$3"
}

# pq_rows DB SCHEMA: the total number of rows of SCHEMA's tables.
pq_rows() {
    pq -d "$1" -c "SELECT coalesce(sum((xpath('/row/n/text()',
                          query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                                       false, true, '')))[1]::text::bigint), 0)
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = '$2' AND c.relkind IN ('r', 'p')"
}

# pq_copy DB SRC DST: copy SRC's rows into DST's tables of the same names
# (the columns both have, cast to DST's types where no assignment cast
# exists; FOREIGN KEYs are checked
# afterwards by adding them again).
pq_copy() {
    PGOPTIONS_EXTRA="-c search_path=$3 -c sim.src=$2 -c sim.dst=$3" pq -d "$1" <<'SQL'
DO $$
DECLARE
    src text := current_setting('sim.src');
    dst text := current_setting('sim.dst');
    r record;
    cols text;
    vals text;
BEGIN
    SET LOCAL session_replication_role = replica;
    FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = dst AND c.relkind = 'r'
                AND to_regclass(format('%I.%I', src, c.relname)) IS NOT NULL
    LOOP
        SELECT string_agg(format('%I', d.attname), ', ' ORDER BY d.attnum),
               -- an explicit cast only where INSERT has no assignment
               -- cast (so that too long strings still fail)
               string_agg(CASE WHEN d.atttypid = s.atttypid
                                 OR d.atttypid IN ('text'::regtype, 'varchar'::regtype)
                                 OR EXISTS (SELECT 1 FROM pg_cast
                                             WHERE castsource = s.atttypid AND casttarget = d.atttypid
                                               AND castcontext IN ('a', 'i'))
                               THEN format('%I', s.attname)
                               ELSE format('%I::%s', s.attname, format_type(d.atttypid, d.atttypmod)) END,
                          ', ' ORDER BY d.attnum)
          INTO cols, vals
          FROM pg_attribute d JOIN pg_attribute s ON s.attname = d.attname
         WHERE d.attrelid = format('%I.%I', dst, r.relname)::regclass
           AND s.attrelid = format('%I.%I', src, r.relname)::regclass
           AND d.attnum > 0 AND NOT d.attisdropped AND d.attgenerated = ''
           AND s.attnum > 0 AND NOT s.attisdropped;
        IF cols IS NOT NULL THEN
            EXECUTE format('INSERT INTO %I.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I.%I',
                           dst, r.relname, cols, vals, src, r.relname);
        END IF;
    END LOOP;
END $$;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT con.conname, con.conrelid::regclass AS rel, pg_get_constraintdef(con.oid) AS def
               FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
              WHERE n.nspname = current_setting('sim.dst') AND con.contype = 'f'
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I, ADD CONSTRAINT %I %s',
                       r.rel, r.conname, r.conname, r.def);
    END LOOP;
END $$;
SQL
}

check_pg() {
    local d=$1 db=mig_autogen_val_$$
    local -a fresh=(f s t)
    local x
    # Each part on its own fresh database first.
    for x in "${fresh[@]}"; do
        pq -d postgres -c "DROP DATABASE IF EXISTS ${db}_$x" -c "CREATE DATABASE ${db}_$x"
    done
    pq_run "${db}_f" public "$d/from.sql" || { echo "from failed"; return 1; }
    pq_run "${db}_s" public "$d/from_schema.sql" || { echo "from without INSERTs failed"; return 1; }
    [ "$(pq_rows "${db}_s" public)" = 0 ] || { echo "from without INSERTs still has rows"; return 1; }
    pq_run "${db}_t" public "$d/to.sql" || { echo "to failed"; return 1; }
    [ "$(pq_rows "${db}_t" public)" = 0 ] || { echo "to has rows"; return 1; }
    for x in "${fresh[@]}"; do
        pq -d postgres -c "DROP DATABASE ${db}_$x"
    done
    # Feasibility, in schemas of one database: f (from, with rows),
    # u (to, filled from f), d (from without INSERTs, filled from u).
    pq -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    pq -d "$db" -c "CREATE SCHEMA f" -c "CREATE SCHEMA u" -c "CREATE SCHEMA d"
    pq_run "$db" f "$d/from.sql"
    pq_run "$db" u "$d/to.sql"
    pq_run "$db" d "$d/from_schema.sql"
    pq_copy "$db" f u || { echo "the rows of from do not fit to"; return 1; }
    pq_copy "$db" u d || { echo "the rows do not fit back into from"; return 1; }
    pq -d postgres -c "DROP DATABASE $db"
}

# ---- the pairs ------------------------------------------------------------

for f in "$@"; do
    name=$(basename "$f" .sql)
    engines=$(pair_engines "$f")
    case $engines in
        both|sqlite|postgresql) ;;
        *) echo "FAIL $name: first line must be '-- engines: both|sqlite|postgresql'"
           fail=$((fail + 1)); failed="$failed $name"; continue ;;
    esac
    if [ "$(grep -c '^-- from[[:space:]]*$' "$f")" != 1 ] || [ "$(grep -c '^-- to[[:space:]]*$' "$f")" != 1 ] ||
       [ "$(grep -n '^-- from[[:space:]]*$' "$f" | cut -d: -f1)" -gt "$(grep -n '^-- to[[:space:]]*$' "$f" | cut -d: -f1)" ]; then
        echo "FAIL $name: needs one '-- from' line, then one '-- to' line"
        fail=$((fail + 1)); failed="$failed $name"; continue
    fi
    d="$tmp/$name"
    mkdir -p "$d"
    split_pair "$f" "$d"
    if grep -inE '^(insert|update|delete|alter|drop|pragma|replace)[[:space:]]' "$d/to.sql"; then
        echo "FAIL $name: the to part may only hold CREATE statements"
        fail=$((fail + 1)); failed="$failed $name"; continue
    fi
    for engine in sqlite postgresql; do
        pair_applies "$f" "$engine" || continue
        if [ "$engine" = postgresql ] && [ -z "${PGHOST:-}" ]; then
            echo "SKIP $name on postgresql (PGHOST not set)"
            continue
        fi
        # set -e holds inside the check (not in a condition, where bash
        # would ignore it), and its status comes back here.
        set +e
        out=$(set -e; if [ "$engine" = sqlite ]; then check_sqlite "$d"; else check_pg "$d"; fi 2>&1)
        rc=$?
        set -e
        if [ "$rc" = 0 ]; then
            echo "PASS $name on $engine${out:+ ($out)}"
            pass=$((pass + 1))
        else
            echo "FAIL $name on $engine"
            printf '%s\n' "$out" | sed 's/^/    /'
            fail=$((fail + 1))
            failed="$failed $name/$engine"
        fi
    done
done

echo "== validate: $pass passed, $fail failed${failed:+:$failed}"
[ "$fail" = 0 ]
