# shellcheck shell=bash
# tests/autogen/lib.sh -- sourced by run_sqlite.sh, run_pg.sh and
# validate.sh: reading the pair files (format in README.md), and the loop
# of the two drivers.

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

# run_pairs ENGINE LABEL TMPDIR PAIR_FILE...: for each pair meant for
# ENGINE, in a directory of its own under TMPDIR, the caller's run_pair NAME (in a
# subshell, stopping at its first failure); on a failure the reason, the
# generated script and what mig_check said (check.txt, else the caller's
# check_now).  Prints a summary; fails when a pair failed.
run_pairs() {
    local engine=$1 label=$2 dir=$3 f name w out rc pass=0 fail=0 failed=""
    shift 3
    for f in "$@"; do
        pair_applies "$f" "$engine" || continue
        name=$(basename "$f" .sql)
        w="$dir/$name"
        mkdir -p "$w"
        split_pair "$f" "$w"
        set +e
        out=$(set -e; cd "$w"; run_pair "$name" 2>&1)
        rc=$?
        set -e
        if [ "$rc" = 0 ]; then
            echo "PASS $name"
            pass=$((pass + 1))
            continue
        fi
        echo "FAIL $name"
        printf '%s\n' "$out" | sed 's/^/    /'
        echo "    --- generated script (gen.sql):"
        if [ -s "$w/gen.sql" ]; then sed 's/^/    | /' "$w/gen.sql"; else echo "    (none)"; fi
        echo "    --- mig_check said:"
        if [ -f "$w/check.txt" ]; then
            sed 's/^/    | /' "$w/check.txt"
        else
            (cd "$w" && check_now 2>&1 | sed 's/^/    | /') || true
        fi
        fail=$((fail + 1))
        failed="$failed $name"
    done
    echo "== autogen on $label: $pass passed, $fail failed${failed:+:$failed}"
    [ "$fail" = 0 ]
}
