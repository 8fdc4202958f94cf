#!/usr/bin/env bash
# tests/malformed/list.sh -- the table of cases in README.md, from the case
# files: per group, one row per case with its engines, setup, call, what
# the error must contain (or the result, for "outcome: success") and its
# description.
#
#   bash tests/malformed/list.sh > /tmp/cases.md   (then paste into README.md)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

# group NAME: the group a case belongs to, from its name
group() {
    case $1 in
        down_revision_itself|depends_on_itself|graph_*|applied_script_changed|label_equals_revision_id)
            echo "Graphs" ;;
        database_*|revision_in_two_databases|down_revision_across_databases)
            echo "Several databases" ;;
        big_*|many_*)
            echo "10 MB inputs" ;;
        unterminated_*|txn_*|vacuum|copy_*|*concurrently|nul_byte_script|invalid_utf8_script)
            echo "Scripts: statements" ;;
        script_*|id_*|down_revision_*|depends_on_*|duplicate_*|unknown_*|directive_*|header_*|sql_before_section|two_engines_section|label_*)
            echo "Scripts: header" ;;
        ident_*|semicolons_*)
            echo "Identifiers inside scripts (the engine's error, mig's context)" ;;
        downgrade_statement_fails|no_downgrade_section|parent_not_registered|dependency_not_registered|stored_script_tampered|alembic_version_unknown|dry_run_statement_fails|sql_statement_fails)
            echo "What is registered and applied" ;;
        schema_*|autogenerate_*)
            echo "target_schema (mig_check, mig_autogenerate)" ;;
        *)
            echo "Targets and commands" ;;
    esac
}

# cell TEXT: for a table cell: |, < and > escaped
cell() {
    printf '%s' "$1" | sed -e 's/|/\\|/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

for g in "Scripts: header" "Scripts: statements" "Graphs" "Several databases" "10 MB inputs" \
         "Identifiers inside scripts (the engine's error, mig's context)" \
         "What is registered and applied" "Targets and commands" \
         "target_schema (mig_check, mig_autogenerate)"; do
    echo "### $g"
    echo
    echo "| case | engines | setup | call | the error must contain | what |"
    echo "|---|---|---|---|---|---|"
    for f in "$here"/cases/*.case; do
        name=$(basename "$f" .case)
        [ "$(group "$name")" = "$g" ] || continue
        exp=$( { case_header "$f" expect; case_header "$f" "expect sqlite" | sed 's/^/SQLite: /'
                 case_header "$f" "expect postgresql" | sed 's/^/PostgreSQL: /'; } |
               awk '{ if (length($0) > 110) $0 = substr($0, 1, 107) "..."; printf "%s%s", (NR > 1 ? " BR " : ""), $0 }')
        if [ "$(case_first "$f" outcome)" = success ]; then
            exp="(succeeds) $exp"
        fi
        what=$(awk '/^--- / { exit } /^#/ { sub(/^# ?/, ""); printf "%s%s", (n++ ? " " : ""), $0 }' "$f")
        # shellcheck disable=SC2016 # the backquotes are Markdown
        printf '| %s | %s | %s | `%s` | %s | %s |\n' "$name" "$(case_first "$f" engines)" \
            "$(case_first "$f" setup)" "$(cell "$(case_first "$f" call)")" "$(cell "$exp" | sed 's/ BR /<br>/g')" "$(cell "$what")"
    done
    echo
done
