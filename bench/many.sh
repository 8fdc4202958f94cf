#!/usr/bin/env bash
# bench/many.sh -- many SQLite databases: 1,000 files (one per tenant),
# each with a 100-row seed table, taken through a history of 5 revisions
# (one of them an ALTER that SQLite can only do by rebuilding the table)
# by tools/mig-many at -j 1, -j 4 and -j $(nproc), against the same
# changes as hand-written SQL run by a plain bash loop of sqlite3 (the
# hand-written-SQL limit).  Writes its section of bench/RESULTS.md.
#
#   bash bench/many.sh            1,000 databases, 3 rounds: its section of bench/RESULTS.md
#   bash bench/many.sh --smoke    20 databases, 1 round: prints the report,
#                                 leaves RESULTS.md alone, fails if a check fails
#
# Environment: N (databases), ROUNDS, WARMUP (uncounted rounds first,
# default 1), ROWS (seed rows per database), OUT (report file; full run
# default bench/RESULTS.md), MIG_SOURCE=head|worktree (which mig.so: the full
# run builds the last commit from a `git archive` snapshot, the smoke run
# copies the checkout's, building it when missing), SO (a mig.so to use
# instead).  The extension is copied into the run's directory first, so a
# rebuild in the checkout during the run changes nothing.
#
# Every run starts from fresh copies of the databases (one `cp -R` of a
# pristine directory, then `sync`, untimed) and is checked after (untimed):
# every database at the last revision with the same columns, indexes, view
# and rows as the hand-written result.  Variants run round-robin, the first
# one rotating each round.  Whole commands are timed, process start-up
# included.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
smoke=0
for a in "$@"; do
    case $a in
        --smoke) smoke=1 ;;
        *) echo "usage: $0 [--smoke]" >&2; exit 2 ;;
    esac
done
if [ $smoke = 1 ]; then
    n=${N:-20}; rounds=${ROUNDS:-1}; warmup=${WARMUP:-0}; out=${OUT:-}
else
    n=${N:-1000}; rounds=${ROUNDS:-3}; warmup=${WARMUP:-1}; out=${OUT:-$here/RESULTS.md}
fi
rows=${ROWS:-100}
tool=$root/tools/mig-many
ncpu=$(nproc)

command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mig-bench-many.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# ---- mig.so, copied here
so=$work/mig.so
if [ $smoke = 1 ]; then source=${MIG_SOURCE:-worktree}; else source=${MIG_SOURCE:-head}; fi
if [ -n "${SO:-}" ]; then
    cp "$SO" "$so"
    version="$SO"
elif [ "$source" = head ] && git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
    mkdir "$work/src"
    git -C "$root" archive HEAD | tar -x -C "$work/src"
    make -C "$work/src" -s mig.so
    cp "$work/src/mig.so" "$so"
    version="built from commit $(git -C "$root" rev-parse --short HEAD) (a snapshot by git archive)"
else
    [ -f "$root/mig.so" ] || make -C "$root" -s mig.so
    cp "$root/mig.so" "$so"
    version="of the working tree"
fi

# ---- the history
v=$work/versions
mkdir -p "$v"
cat >"$v/r1_customer.sql" <<'EOF'
-- mig:revision r1
-- mig:down_revision none
-- mig:message customer table
-- mig:upgrade
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
CREATE UNIQUE INDEX customer_email ON customer (email);
-- mig:downgrade
DROP TABLE customer;
EOF
cat >"$v/r2_status.sql" <<'EOF'
-- mig:revision r2
-- mig:down_revision r1
-- mig:message item status
-- mig:upgrade
ALTER TABLE item ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
UPDATE item SET status = 'old' WHERE id % 10 = 0;
-- mig:downgrade
ALTER TABLE item DROP COLUMN status;
EOF
cat >"$v/r3_customer_ref.sql" <<'EOF'
-- mig:revision r3
-- mig:down_revision r2
-- mig:message item name index, item customer
-- mig:upgrade
CREATE INDEX item_name ON item (name);
ALTER TABLE item ADD COLUMN customer_id INTEGER REFERENCES customer (id);
-- mig:downgrade
ALTER TABLE item DROP COLUMN customer_id;
DROP INDEX item_name;
EOF
cat >"$v/r4_rebuild.sql" <<'EOF'
-- mig:revision r4
-- mig:down_revision r3
-- mig:message qty to bigint (a rebuild on SQLite), drop note, rename name
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE item DROP COLUMN note;
ALTER TABLE item RENAME COLUMN name TO label;
-- mig:downgrade
ALTER TABLE item RENAME COLUMN label TO name;
ALTER TABLE item ADD COLUMN note TEXT;
ALTER TABLE item ALTER COLUMN qty TYPE INTEGER;
EOF
cat >"$v/r5_order_line.sql" <<'EOF'
-- mig:revision r5
-- mig:down_revision r4
-- mig:message order lines, open items view
-- mig:upgrade
CREATE TABLE order_line (id INTEGER PRIMARY KEY,
                         item_id INTEGER NOT NULL REFERENCES item (id),
                         qty INTEGER NOT NULL);
CREATE VIEW item_open AS SELECT id, label, qty FROM item WHERE status = 'new';
-- mig:downgrade
DROP VIEW item_open;
DROP TABLE order_line;
EOF

# ---- the same changes by hand, in one transaction, with the 12-step
# rebuild of item (foreign keys are off in the shell, as in mig's run)
cat >"$work/hand.sql" <<'EOF'
.bail on
BEGIN IMMEDIATE;
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
CREATE UNIQUE INDEX customer_email ON customer (email);
ALTER TABLE item ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
UPDATE item SET status = 'old' WHERE id % 10 = 0;
CREATE INDEX item_name ON item (name);
ALTER TABLE item ADD COLUMN customer_id INTEGER REFERENCES customer (id);
CREATE TABLE item_new (id INTEGER PRIMARY KEY, label TEXT NOT NULL, qty BIGINT, price REAL,
                       status TEXT NOT NULL DEFAULT 'new', customer_id INTEGER REFERENCES customer (id));
INSERT INTO item_new (id, label, qty, price, status, customer_id)
     SELECT id, name, qty, price, status, customer_id FROM item;
DROP TABLE item;
ALTER TABLE item_new RENAME TO item;
CREATE INDEX item_qty ON item (qty);
CREATE INDEX item_name ON item (label);
CREATE TABLE order_line (id INTEGER PRIMARY KEY,
                         item_id INTEGER NOT NULL REFERENCES item (id),
                         qty INTEGER NOT NULL);
CREATE VIEW item_open AS SELECT id, label, qty FROM item WHERE status = 'new';
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
                              CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('r5');
COMMIT;
EOF

# ---- mig without mig-many: the same bash loop, mig's register + upgrade
# (what mig-many runs for each database, without its own bookkeeping)
cat >"$work/mig.sql" <<EOF
.bail on
.timeout 60000
.load '$so'
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
SELECT mig_register_dir('$v');
SELECT mig_upgrade('head');
COMMIT;
EOF

# ---- the input: one template database, N copies in a pristine directory
echo "== $n databases of $rows seed rows in $work"
sqlite3 -batch "$work/template.db" "
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL, note TEXT);
CREATE INDEX item_qty ON item (qty);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $rows)
INSERT INTO item SELECT i, 'item ' || i, i % 17, i * 0.25, 'note ' || i FROM c;"
mkdir "$work/pristine"
for i in $(seq -w 1 "$n"); do cp "$work/template.db" "$work/pristine/tenant $i.db"; done
list=$work/targets.txt
for i in $(seq -w 1 "$n"); do printf '%s\n' "$work/dbs/tenant $i.db"; done >"$list"

fresh() {
    rm -rf "$work/dbs"
    cp -R "$work/pristine" "$work/dbs"
    sync
}

# What a migrated database must look like: version, item's columns, all
# indexes with their columns, views, and the rows of item (mig's own
# tables aside).
digest() {
    sqlite3 -batch -noheader -list "$1" \
        "SELECT 'version ' || version_num FROM alembic_version;" \
        "SELECT 'column ' || name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '-')
           FROM pragma_table_info('item') ORDER BY cid;" \
        "SELECT 'index ' || m.name || ' ' || (SELECT group_concat(ii.name) FROM pragma_index_info(m.name) ii)
           FROM sqlite_schema m WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name;" \
        "SELECT type || ' ' || name FROM sqlite_schema
          WHERE type IN ('table', 'view') AND name NOT LIKE 'mig\\_%' ESCAPE '\\' ORDER BY name;" \
        "SELECT * FROM item ORDER BY id;" \
        "PRAGMA integrity_check;" \
        "PRAGMA foreign_key_check;"
}
expected=""
check_all() { # check_all VARIANT: every database against the expected digest
    local f bad=0 d
    while IFS= read -r f; do
        d=$(digest "$f" 2>&1 | md5sum)
        [ "$d" = "$expected" ] || bad=$((bad + 1))
    done <"$list"
    if [ $bad != 0 ]; then
        echo "CHECK FAILED: $1: $bad of $n databases differ from the hand-written result" >&2
        return 1
    fi
}

# ---- the variants
hand_loop() {
    local f fails=0
    while IFS= read -r f; do
        sqlite3 -init /dev/null -batch "$f" <"$work/hand.sql" >/dev/null || fails=$((fails + 1))
    done <"$list"
    [ $fails = 0 ]
}
hand_xargs() {
    # shellcheck disable=SC2016  # $1 is the child's
    tr '\n' '\0' <"$list" |
        xargs -0 -n 1 -P "$ncpu" sh -c 'sqlite3 -init /dev/null -batch "$1" <"$0" >/dev/null' "$work/hand.sql"
}
mig_loop() {
    local f fails=0
    while IFS= read -r f; do
        sqlite3 -init /dev/null -batch "$f" <"$work/mig.sql" >/dev/null || fails=$((fails + 1))
    done <"$list"
    [ $fails = 0 ]
}
mig_many() { # mig_many JOBS
    "$tool" -j "$1" --so "$so" --versions "$v" - <"$list" >"$work/mig-many.out" 2>/dev/null
    grep -q "^mig-many: $n databases: $n succeeded, 0 failed" "$work/mig-many.out" ||
        { head -n 5 "$work/mig-many.out" >&2; return 1; }
}

variants=(hand_loop mig_loop "mig_many 1")
for j in 4 "$ncpu"; do
    case " ${variants[*]} " in *" mig_many $j "*) ;; *) variants+=("mig_many $j") ;; esac
done
variants+=(hand_xargs)
declare -A label=(
    [hand_loop]="hand-written SQL, bash loop of sqlite3 (the limit)"
    [mig_loop]="mig, the same bash loop (.load, register 5 scripts, upgrade; no mig-many)"
    [hand_xargs]="hand-written SQL, xargs -P $ncpu (the parallel limit)"
)
for v_ in "${variants[@]}"; do
    case $v_ in "mig_many "*) label[$v_]="tools/mig-many -j ${v_#mig_many } --versions (register 5 scripts, upgrade)" ;; esac
done

# the expected result: the hand-written SQL on one copy
fresh
sqlite3 -init /dev/null -batch "$work/dbs/tenant $(printf '%0*d' ${#n} 1).db" <"$work/hand.sql" >/dev/null
expected=$(digest "$work/dbs/tenant $(printf '%0*d' ${#n} 1).db" | md5sum)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A times=() cpu=()
TIMEFORMAT='%3R %3U %3S'
for r in $(seq $((1 - warmup)) "$rounds"); do
    k=${#variants[@]}
    for s in $(seq 0 $((k - 1))); do
        var=${variants[$(( (s + r + k - 1) % k ))]}
        fresh
        # wall time, and the CPU time (user + system) of every process of
        # the run, which other work on the machine disturbs less
        # shellcheck disable=SC2086  # "mig_many 4" is a command and its argument
        if ! { time $var 2>"$work/var.err"; } 2>"$work/time"; then
            echo "RUN FAILED: $var (round $r)" >&2; cat "$work/var.err" >&2; exit 1
        fi
        read -r wall usr sys <"$work/time"
        c=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
        if [ "$r" -ge 1 ]; then
            times[$var]="${times[$var]:-} $wall"
            cpu[$var]="${cpu[$var]:-} $c"
            echo "round $r: $var: $wall s (cpu $c s)"
        else
            echo "warm-up: $var: $wall s (cpu $c s)"
        fi
        check_all "$var" || exit 1
    done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
hand_med=$(median <<<"${times[hand_loop]}")

report() {
    local var med
    echo "<!-- BEGIN many: written by bench/many.sh -->"
    echo "# Many databases: $n SQLite files migrated by tools/mig-many"
    echo
    echo "Written by \`bash bench/many.sh\`; do not edit by hand, rerun it. Machines are noisy: compare the variants of one run with each other."
    echo
    echo "## Machine and run"
    echo
    echo "- $(date -u '+%Y-%m-%d %H:%M UTC'); \`nproc\` $ncpu; CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo); Linux $(uname -r)"
    echo "- sqlite3 $(sqlite3 --version | cut -d' ' -f1-2); bash ${BASH_VERSION}; mig.so $version; tools/mig-many of the working tree"
    echo "- $n databases, one file each (in a directory whose name has a space), each with \`item\` ($rows rows, one index); $warmup warm-up round(s) not counted, then $rounds rounds, round-robin with the first variant rotating each round"
    echo "- 5 revisions (docs: bench/many.sh): a new table with a unique index; ADD COLUMN ... NOT NULL DEFAULT plus an UPDATE; an index and an ADD COLUMN ... REFERENCES; \`qty INTEGER -> BIGINT\` (SQLite rebuilds the table), DROP COLUMN, RENAME COLUMN; a table with a foreign key and a view"
    echo "- Before each run: fresh copies of all $n files and \`sync\` (untimed). After each: every database checked (untimed) against the hand-written result: version, columns, every index and its columns, tables and views, all rows, \`integrity_check\`, \`foreign_key_check\`"
    echo "- Each variant is timed as a whole from outside, process start-ups included. One sqlite3 process per database in every variant; each database in one transaction"
    echo "- Load average (1, 5, 15 min) before the rounds: $load_before; after: $load_after (the machine is shared; other work running at the same time shows up as noise)"
    echo
    echo "| variant | median s | databases/s | vs hand-written loop | CPU s (user+sys, median) | CPU ms per database | runs (s) |"
    echo "|---|---|---|---|---|---|---|"
    for var in "${variants[@]}"; do
        med=$(median <<<"${times[$var]}")
        cmed=$(median <<<"${cpu[$var]}")
        printf '| %s | %.2f | %.0f | %.2f | %.2f | %.1f | %s |\n' "${label[$var]}" "$med" \
            "$(awk -v n="$n" -v m="$med" 'BEGIN { print n / m }')" \
            "$(awk -v a="$med" -v b="$hand_med" 'BEGIN { print a / b }')" \
            "$cmed" "$(awk -v c="$cmed" -v n="$n" 'BEGIN { print c * 1000 / n }')" \
            "$(echo "${times[$var]}" | sed 's/^ //; s/ /, /g')"
    done
    echo
    echo "mig does more per database than the hand-written SQL: it loads the extension, reads and checks the 5 scripts (checksums, the graph) and stores them, plans the upgrade, keeps \`mig_log\`, and rebuilds \`item\` keeping every index, trigger and view. mig-many starts the sqlite3 processes itself (one fork per database, as the bash loop does) and adds, per database, the truncation of two files it reuses (output and errors), a read of the output for the progress line, and its share of the summary."
    echo "<!-- END many -->"
}

if [ -n "$out" ]; then
    # replace this benchmark's section of the report (between its BEGIN and
    # END lines), or add it at the end; the other sections stay
    report >"$work/section.md"
    if [ -f "$out" ] && grep -q '^<!-- BEGIN many' "$out"; then
        awk -v sec="$work/section.md" '
            /^<!-- BEGIN many/ { while ((getline l < sec) > 0) print l; skip = 1; next }
            /^<!-- END many -->/ { skip = 0; next }
            !skip' "$out" >"$work/out.md"
    else
        { [ -f "$out" ] && cat "$out" && echo; cat "$work/section.md"; } >"$work/out.md"
    fi
    cp "$work/out.md" "$out"
    echo "== wrote its section of $out"
fi
report
