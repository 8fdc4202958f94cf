#!/bin/sh
# tests/malformed/gen.sh NAME -- writes the generated input NAME to stdout.
# Cases name these as :'gen_NAME' (see README.md).  The output is
# deterministic, so the cases can name its line numbers; the drivers strip
# one final newline, as they do for a case's own --- arg section.
#
#   big_valid        10.7 MB, 110,000 INSERT statements, valid: lines 1-4
#                    the header and a CREATE TABLE, 5-110004 the INSERTs,
#                    110005-110006 the downgrade section
#   big_commit_end   the same, revision big_commit, with "COMMIT;" as the
#                    last line of the upgrade section (line 110005)
#   big_quote_end    the same, revision big_quote, with a string opened and
#                    never closed on the last line of the upgrade section
#                    (line 110005)
#   huge_valid       10.7 MB in 146 statements (a CREATE TABLE and 145
#                    INSERTs of 1,000 rows each), valid
#   huge_error_end   the same (revision huge_err) plus a 147th statement,
#                    on line 145150, that fails when it runs: an INSERT
#                    into a table that does not exist
#   many_6000        6,000 one-row INSERT statements (0.6 MB), valid
#   target_100k      a 100,000-character target: 'zz' and 99,998 'y'
set -eu

# rows N REV LAST: the header, N one-row INSERTs, then LAST (a line, or
# empty), then the downgrade section
rows() {
    awk -v n="$1" -v rev="$2" -v last="$3" 'BEGIN {
        printf "-- mig:revision %s\n-- mig:message %d statements\n-- mig:upgrade\n", rev, n
        printf "CREATE TABLE big (id integer PRIMARY KEY, note text);\n"
        for (i = 1; i <= n; i++)
            printf "INSERT INTO big (id, note) VALUES (%d, '\''row %d: text; with -- and /* inside */ a string'\'');\n", i, i
        if (last != "") print last
        printf "-- mig:downgrade\nDROP TABLE big;\n"
    }'
}

# blocks REV LAST: 130 INSERTs of 1,000 rows each, then LAST
blocks() {
    awk -v rev="$1" -v last="$2" 'BEGIN {
        printf "-- mig:revision %s\n-- mig:message ten megabytes in few statements\n-- mig:upgrade\n", rev
        printf "CREATE TABLE huge (id integer PRIMARY KEY, note text);\n"
        id = 0
        for (s = 1; s <= 145; s++) {
            printf "INSERT INTO huge (id, note) VALUES\n"
            for (r = 1; r <= 1000; r++) {
                id++
                printf "  (%d, '\''row %d; padding padding padding padding padding padding'\'')%s\n", id, id, r < 1000 ? "," : ";"
            }
        }
        if (last != "") print last
        printf "-- mig:downgrade\nDROP TABLE huge;\n"
    }'
}

case ${1:-} in
big_valid)      rows 110000 big_valid "" ;;
big_commit_end) rows 110000 big_commit "COMMIT;" ;;
big_quote_end)  rows 110000 big_quote "INSERT INTO big (id, note) VALUES (0, 'never closed);" ;;
huge_valid)     blocks huge_valid "" ;;
huge_error_end) blocks huge_err "INSERT INTO huge_missing (id) VALUES (1);" ;;
many_6000)      rows 6000 many_6000 "" ;;
target_100k)    awk 'BEGIN { s = "zz"; for (i = 0; i < 99998; i++) s = s "y"; printf "%s", s }' ;;
*) echo "gen.sh: unknown input '${1:-}'" >&2; exit 2 ;;
esac
