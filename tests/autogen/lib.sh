# shellcheck shell=bash
# tests/autogen/lib.sh -- sourced by run_sqlite.sh, run_pg.sh and
# validate.sh: reading the pair files (format in README.md).

# pair_engines FILE: "both", "sqlite" or "postgresql", from the first line.
pair_engines() {
    sed -n '1s/^-- engines: *\([a-z]*\) *$/\1/p' "$1"
}

# pair_applies FILE ENGINE: true when the pair is meant for ENGINE.
pair_applies() {
    local e
    e=$(pair_engines "$1")
    [ "$e" = both ] || [ "$e" = "$2" ]
}

# split_pair FILE DIR: writes DIR/from.sql (the "from" part as written),
# DIR/from_schema.sql (the same without its INSERT statements: each starts
# a line with "INSERT INTO " and ends at the first line ending in ";") and
# DIR/to.sql (the "to" part).
split_pair() {
    : >"$2/from.sql"
    : >"$2/from_schema.sql"
    : >"$2/to.sql"
    awk -v dir="$2" '
        /^-- from[ \t]*$/ { part = "from"; next }
        /^-- to[ \t]*$/   { part = "to"; next }
        part == "from" {
            print > (dir "/from.sql")
            if (ins || /^INSERT INTO /) { ins = ($0 !~ /;[ \t]*$/); next }
            print > (dir "/from_schema.sql")
        }
        part == "to" { print > (dir "/to.sql") }' "$1"
}

# upgrade_is_empty FILE: true when a mig script has only blank lines and
# "--" comments between its first "-- mig:upgrade" line and the next
# "-- mig:downgrade" line (or the end).
upgrade_is_empty() {
    awk '
        /^[ \t]*--[ \t]*mig:upgrade/   { seen = 1; inup = 1; next }
        /^[ \t]*--[ \t]*mig:downgrade/ { inup = 0; next }
        inup && !/^[ \t]*(--.*)?$/     { body = 1 }
        END { exit !(seen && !body) }' "$1"
}
