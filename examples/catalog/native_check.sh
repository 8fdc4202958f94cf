#!/bin/sh
# native_check.sh -- run the catalog history WITHOUT mig, as plain SQL, to
# check that every section works natively on an engine.
#
#   ./native_check.sh sqlite [db-file]         (default: a temporary file)
#   ./native_check.sh postgresql [psql args]   (e.g. -h /tmp/pgtest -p 54329 -U postgres -d catalog)
#
# For each revision, base first: upgrade, downgrade, upgrade again (so every
# downgrade runs once with the data in place).  At the head it prints the
# data the migrations moved, then downgrades everything in reverse and
# checks that no table is left.  Sections are picked the way mig picks
# them: the unqualified ones plus the engine's own, in file order.
set -eu

engine=${1:?usage: native_check.sh sqlite|postgresql [args]}
shift
here=$(cd "$(dirname "$0")" && pwd)
versions=$here/versions
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "<revision> <down_revision> <file>" per script
for f in "$versions"/*.sql; do
    awk -v f="$f" '
        /^[ \t]*--[ \t]*mig:revision[ \t]/      { rev = $NF }
        /^[ \t]*--[ \t]*mig:down_revision[ \t]/ { down = $NF }
        END { print rev, (down == "" ? "none" : down), f }' "$f"
done > "$work/index"

# linear order from the base
order=""
cur=none
while :; do
    next=$(awk -v d="$cur" '$2 == d { print $1 }' "$work/index")
    [ -n "$next" ] || break
    [ "$(printf '%s\n' "$next" | wc -l)" -eq 1 ] || { echo "branching history: $next" >&2; exit 1; }
    order="$order $next"
    cur=$next
done
[ "$(echo $order | wc -w)" -eq "$(wc -l < "$work/index")" ] || { echo "history is not one chain" >&2; exit 1; }

# section <upgrade|downgrade> <file>: the statements this engine runs
section() {
    awk -v want="$1" -v eng="$engine" '
        /^[ \t]*--[ \t]*mig:(upgrade|downgrade)([ \t]|$)/ {
            kind = $0; sub(/^[ \t]*--[ \t]*mig:/, "", kind)
            n = split(kind, w, /[ \t]+/)
            on = (w[1] == want && (n < 2 || w[2] == "" || w[2] == eng))
            next
        }
        /^[ \t]*--[ \t]*mig:/ { next }
        on { print }' "$2"
}

file_of() { awk -v r="$1" '$1 == r { print $3 }' "$work/index"; }

case $engine in
sqlite)
    db=${1:-$work/catalog.db}
    run() { { echo "PRAGMA foreign_keys = ON;"; cat "$1"; } | sqlite3 -bail "$db"; }
    query() { sqlite3 -header -column "$db" "$1"; }
    value() { sqlite3 "$db" "$1"; }
    tables="SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
    ;;
postgresql)
    pg_args="$*"
    # shellcheck disable=SC2086  # pg_args is a list of psql options
    run() { psql -X -q -v ON_ERROR_STOP=1 --single-transaction $pg_args -f "$1" >/dev/null; }
    # shellcheck disable=SC2086
    query() { psql -X -q -P pager=off $pg_args -c "$1"; }
    # shellcheck disable=SC2086
    value() { psql -X -q -t -A $pg_args -c "$1"; }
    tables="SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'i')"
    ;;
*)
    echo "engine must be sqlite or postgresql" >&2; exit 2 ;;
esac

step() {  # step <upgrade|downgrade> <revision>
    section "$1" "$(file_of "$2")" > "$work/step.sql"
    run "$work/step.sql"
    echo "  $1 $2 ok"
}

echo "== $engine: up, down, up per revision"
for r in $order; do
    step upgrade "$r"
    step downgrade "$r"
    step upgrade "$r"
done

echo "== at head"
query "SELECT * FROM holding_summary ORDER BY holding_id"
query "SELECT id, storage_type, url_scheme, url_netloc, root, object_name FROM storage_location ORDER BY id"
query "SELECT * FROM tag ORDER BY holding_id, key"
query "INSERT INTO transaction_record VALUES (5, 3, 'trigger-check', '2024-01-15T10:00:00');
       SELECT id, label, modified_at FROM holding ORDER BY id"

echo "== down to base"
reversed=""
for r in $order; do reversed="$r $reversed"; done
for r in $reversed; do
    query "DELETE FROM transaction_record WHERE id = 5" >/dev/null 2>&1 || true
    step downgrade "$r"
done
left=$(value "$tables")
echo "tables, views and indexes left: $left"
[ "$left" = 0 ]
echo "== $engine: ok"
