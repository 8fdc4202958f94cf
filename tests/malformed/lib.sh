# shellcheck shell=bash
# tests/malformed/lib.sh -- sourced by run_sqlite.sh and run_pg.sh: reading
# the case files (format in README.md), the protocol every case follows,
# and the loop that runs the cases in parallel and prints the results in
# order.  The driver defines the engine's part:
#
#   ENGINE      sqlite | postgresql
#   eng_run DIR LANE
#               for the case in DIR (LANE: which of the lanes that run at
#               the same time runs it, from 1): a fresh database with
#               the case's setups (on failure: DIR/setup.failed, saying
#               why and nothing else); the whole database's fingerprint,
#               as text, in DIR/fp.before; the call of DIR/call.sql in a
#               session of its own; the fingerprint again in DIR/fp.after.
#               The call leaves DIR/call.err (its error; empty when it
#               succeeded), DIR/call.out (its result), DIR/call.seconds
#               (its own time, from the engine's shell), DIR/call.mb (peak
#               memory of the process that ran it; absent when it cannot
#               be measured), DIR/probe.before and DIR/probe.after (the
#               session's state around it) and DIR/call.crash (when the
#               process or the server died)
#   eng_cleanup DIR LANE
#               drops what eng_run made for the case (may do nothing)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# case_header FILE KEY: every value of "KEY: value" header lines (before
# the first "--- " line), one per line.
case_header() {
    awk -v k="$2: " '/^--- /{ exit } index($0, k) == 1 { print substr($0, length(k) + 1) }' "$1"
}

# case_first FILE KEY [ENGINE]: the first value of KEY (or of "KEY ENGINE",
# which wins when ENGINE is given and the case has it).
case_first() {
    local v=""
    [ -n "${3:-}" ] && v=$(case_header "$1" "$2 $3" | head -n 1)
    [ -n "$v" ] || v=$(case_header "$1" "$2" | head -n 1)
    printf '%s' "$v"
}

# case_section FILE NAME: the lines of section "--- NAME" (to the next
# "--- " line or the end).
case_section() {
    awk -v s="--- $2" '$0 == s { on = 1; next } /^--- / { on = 0 } on' "$1"
}

# strip_final_newline FILE: removes one final "\n", if there is one.
strip_final_newline() {
    if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' \n')" = 0a ]; then
        truncate -s -1 "$1"
    fi
}

# case_applies FILE ENGINE (a case whose "engines" line is not one of the
# three applies to both, so that run_case reports it)
case_applies() {
    case $(case_first "$1" engines) in
        both|"$2") return 0 ;;
        sqlite|postgresql) return 1 ;;
        *) return 0 ;;
    esac
}

# setup_sections FILE ENGINE: the "--- setup" and "--- setup ENGINE"
# sections of FILE, in file order.
setup_sections() {
    awk -v a="--- setup" -v b="--- setup $2" '/^--- / { on = ($0 == a || $0 == b); next } on' "$1"
}

# setup_text FILE ENGINE: the setup SQL of a case for ENGINE: each named
# setup (setups/NAME.setup) in order, then the case's own sections.
setup_text() {
    local s
    for s in $(case_first "$1" setup); do
        [ "$s" = none ] && continue
        if [ ! -f "$here/setups/$s.setup" ]; then
            echo "SELECT missing_setup_file_$s();"
            continue
        fi
        setup_sections "$here/setups/$s.setup" "$2"
    done
    setup_sections "$1" "$2"
}

# connect_text FILE ENGINE: what every session of the case runs first
# ("--- connect ENGINE" of its setups and of the case).
connect_text() {
    local s
    for s in $(case_first "$1" setup); do
        [ -f "$here/setups/$s.setup" ] && case_section "$here/setups/$s.setup" "connect $2"
    done
    case_section "$1" "connect $2"
}

# placeholders TEXT...: the generated inputs (gen_NAME) named as :'gen_NAME'
placeholders() {
    printf '%s\n' "$@" | grep -o ":'gen_[a-z0-9_]*'" | sed "s/^:'gen_//; s/'\$//" | sort -u
}

# make_arg FILE DIR: DIR/arg from the case's "--- arg" section
make_arg() {
    case_section "$1" arg >"$2/arg"
    strip_final_newline "$2/arg"
    if [ "$(case_first "$1" arg_escapes)" = yes ]; then
        # printf %b turns \0, \xNN, \n into the bytes they name
        printf '%b' "$(cat "$2/arg")" >"$2/arg.bytes"
        mv "$2/arg.bytes" "$2/arg"
    fi
}

# case_problems FILE: what is wrong with a case file (nothing when it is
# well formed): its header lines, up to the first "--- " line, are
# comments (#), blank, or "KEY: value" with a known KEY; "engines" and
# "call" are there; an error case says what its error must contain.
case_problems() {
    awk '
        /^--- / { exit }
        /^#/ || /^[ \t]*$/ { next }
        {
            key = $0; sub(/: .*$/, "", key)
            if (key !~ /^(engines|setup|arg_escapes|(call|expect|outcome|max_seconds|max_mb|max_error_bytes)( sqlite| postgresql)?)$/ || index($0, ": ") == 0)
                print "unknown header line: " $0
        }' "$1"
    case $(case_first "$1" engines) in
        both|sqlite|postgresql) ;;
        *) echo "engines must be both, sqlite or postgresql" ;;
    esac
    [ -n "$(case_first "$1" call)" ] || echo "no call: line"
    if [ "$(case_first "$1" outcome)" != success ] && [ -z "$(case_header "$1" expect)$(case_header "$1" "expect sqlite")$(case_header "$1" "expect postgresql")" ]; then
        echo "no expect: line (what the error must contain)"
    fi
}

# run_case FILE LANE DIR: the protocol; writes DIR/result: its first line "ok"
# or "FAIL", then the reasons, the time and the error (or the result).
run_case() {
    local f=$1 i=$2 dir=$3 outcome expect e t mb maxs maxmb maxerr t0
    local reasons=()
    set +e      # (a subshell of its own) every check runs, whatever fails
    t0=$(date +%s%N)
    case_problems "$f" >"$dir/problems"
    if [ -s "$dir/problems" ]; then
        { echo FAIL; echo "malformed case file: $(cat "$dir/problems")"; } >"$dir/result"
        return
    fi
    outcome=$(case_first "$f" outcome "$ENGINE")
    [ -n "$outcome" ] || outcome=error
    make_arg "$f" "$dir"
    case_first "$f" call "$ENGINE" >"$dir/call.sql"
    echo >>"$dir/call.sql"
    setup_text "$f" "$ENGINE" >"$dir/setup.sql"
    connect_text "$f" "$ENGINE" >"$dir/connect.sql"

    eng_run "$dir" "$i" >"$dir/run.log" 2>&1
    if [ -e "$dir/setup.failed" ]; then
        { echo FAIL; echo "setup failed: $(head -c 1500 "$dir/setup.failed")"; } >"$dir/result"
        eng_cleanup "$dir" "$i" >/dev/null 2>&1
        return
    fi
    touch "$dir/fp.before" "$dir/fp.after" "$dir/call.err" "$dir/call.out" "$dir/probe.before" "$dir/probe.after"

    if [ -e "$dir/call.crash" ]; then
        reasons+=("CRASH: $(head -c 600 "$dir/call.crash")")
    fi
    if [ "$outcome" = error ]; then
        if [ ! -s "$dir/call.err" ]; then
            reasons+=("the call succeeded; expected an error. It returned: $(head -c 400 "$dir/call.out")")
        fi
        while IFS= read -r expect; do
            [ -n "$expect" ] || continue
            if ! grep -qF -- "$expect" "$dir/call.err"; then
                reasons+=("the error does not contain: $expect")
            fi
        done < <(case_header "$f" expect; case_header "$f" "expect $ENGINE")
        if ! cmp -s "$dir/fp.before" "$dir/fp.after"; then
            reasons+=("the database changed: $(diff "$dir/fp.before" "$dir/fp.after" | head -n 12 | cut -c 1-200 || true)")
        fi
    else
        if [ -s "$dir/call.err" ]; then
            reasons+=("the call failed; expected it to succeed")
        fi
        while IFS= read -r expect; do
            [ -n "$expect" ] || continue
            if ! grep -qF -- "$expect" "$dir/call.out"; then
                reasons+=("the result does not contain: $expect")
            fi
        done < <(case_header "$f" expect; case_header "$f" "expect $ENGINE")
    fi
    if ! cmp -s "$dir/probe.before" "$dir/probe.after"; then
        reasons+=("the session's state changed: $(diff "$dir/probe.before" "$dir/probe.after" | head -n 8 | cut -c 1-200 || true)")
    fi
    t=$(cat "$dir/call.seconds" 2>/dev/null || echo "")
    maxs=$(case_first "$f" max_seconds "$ENGINE")
    if [ -n "$maxs" ]; then
        if [ -z "$t" ]; then
            reasons+=("the call's time was not reported")
        elif awk -v t="$t" -v m="$maxs" 'BEGIN { exit !(t > m) }'; then
            reasons+=("the call took ${t} s; at most ${maxs} s expected")
        fi
    fi
    maxmb=$(case_first "$f" max_mb "$ENGINE")
    mb=$(cat "$dir/call.mb" 2>/dev/null || echo "")
    if [ -n "$maxmb" ] && [ -n "$mb" ] && [ "$mb" -gt "$maxmb" ]; then
        reasons+=("the call used ${mb} MB of memory at its peak; at most ${maxmb} MB expected")
    fi
    maxerr=$(case_first "$f" max_error_bytes "$ENGINE")
    if [ -n "$maxerr" ] && [ "$(wc -c <"$dir/call.err")" -gt "$maxerr" ]; then
        reasons+=("the error is $(wc -c <"$dir/call.err") bytes long; at most $maxerr expected")
    fi

    {
        if [ ${#reasons[@]} -eq 0 ]; then echo ok; else echo FAIL; fi
        for e in "${reasons[@]}"; do printf '%s\n' "$e"; done
        printf 'time: %s s' "${t:-?}"
        printf ' (the whole case: %s ms)' "$(( ($(date +%s%N) - t0) / 1000000 ))"
        [ -n "$mb" ] && printf ', %s MB' "$mb"
        echo
        if [ -s "$dir/call.err" ]; then
            echo "error:"
            head -c 1500 "$dir/call.err"
            echo
        elif [ -s "$dir/call.out" ]; then
            echo "result:"
            head -c 600 "$dir/call.out"
            echo
        fi
    } >"$dir/result"
    eng_cleanup "$dir" "$i" >/dev/null 2>&1 || true
}

# run_all WORK JOBS CASE_FILE...: the cases that apply to ENGINE, in JOBS
# lanes that run at the same time (lane L runs the cases L, L+JOBS, ...
# one after the other, so eng_run may keep one database per lane), each
# case in WORK/NAME; prints "ok NAME" / "FAIL NAME" (with the reasons and
# the error) in file order, a summary, and returns 1 when one failed.
# MALFORMED_VERBOSE=1 prints the error of every case.
run_all() {
    local work=$1 jobs=$2 f name g lane k pass=0 fail=0 failed="" start
    shift 2
    start=$(date +%s)
    mkdir -p "$work/gen"
    local files=() names=()
    for f in "$@"; do
        case_applies "$f" "$ENGINE" || continue
        files+=("$f")
        names+=("$(basename "$f" .case)")
    done
    # the generated inputs, once, before the cases start
    for g in $(placeholders "$(cat "${files[@]}")"); do
        { sh "$here/gen.sh" "$g" >"$work/gen/$g" && strip_final_newline "$work/gen/$g"; } &
    done
    wait
    export MALFORMED_GEN=$work/gen
    [ "$jobs" -ge 1 ] || jobs=1
    for ((lane = 0; lane < jobs; lane++)); do
        (
            for ((k = lane; k < ${#files[@]}; k += jobs)); do
                mkdir -p "$work/${names[k]}"
                run_case "${files[k]}" "$((lane + 1))" "$work/${names[k]}"
            done
        ) &
    done
    wait
    for name in "${names[@]}"; do
        if [ "$(head -n 1 "$work/$name/result" 2>/dev/null)" = ok ]; then
            pass=$((pass + 1))
            echo "ok   $name"
            if [ "${MALFORMED_VERBOSE:-}" = 1 ]; then
                tail -n +2 "$work/$name/result" | sed 's/^/       /'
            fi
        else
            fail=$((fail + 1))
            failed="$failed $name"
            echo "FAIL $name"
            if [ -f "$work/$name/result" ]; then
                tail -n +2 "$work/$name/result" | sed 's/^/       /'
            else
                echo "       (no result)"
            fi
        fi
    done
    echo "$ENGINE: $((pass + fail)) cases, $pass passed, $fail failed ($(( $(date +%s) - start )) s)"
    [ -z "$failed" ] || echo "failed:$failed"
    [ "$fail" -eq 0 ]
}
