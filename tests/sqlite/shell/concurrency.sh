#!/bin/sh
# One migrator at a time: 6 sqlite3 processes call mig_upgrade('head') on
# the same database at the same moment, in rollback-journal and WAL mode.
# Every revision must be applied exactly once, every caller must succeed,
# and all but one must report that nothing was pending.
set -u
so=${MIG_SO:?}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-conc.XXXXXX")
status=0
for mode in delete wal; do
    db=$dir/$mode.db
    {
        printf '.load %s\nPRAGMA journal_mode=%s;\n' "$so" "$mode"
        for i in 1 2 3 4; do
            prev=$((i - 1))
            printf "SELECT mig_register('-- mig:revision c%d\n" "$i"
            [ "$i" -gt 1 ] && printf -- "-- mig:down_revision c%d\n" "$prev"
            printf -- "-- mig:upgrade\nCREATE TABLE t%d (x INTEGER);\n" "$i"
            printf "INSERT INTO t%d WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 150000) SELECT k FROM n;');\n" "$i"
        done
    } | sqlite3 -batch "$db" >/dev/null || { echo "FAIL setup $mode"; exit 1; }
    pids=""
    for p in 1 2 3 4 5 6; do
        printf '.load %s\nSELECT mig_upgrade('"'head'"');\n' "$so" |
            sqlite3 -batch "$db" >"$dir/$mode.$p.out" 2>&1 &
        pids="$pids $!"
    done
    fails=0
    for pid in $pids; do wait "$pid" || fails=$((fails + 1)); done
    errors=$(cat "$dir"/$mode.*.out | grep -ci error)
    winners=$(grep -l "Running upgrade" "$dir"/$mode.*.out | wc -l)
    idle=$(grep -l "nothing to upgrade; current: c4" "$dir"/$mode.*.out | wc -l)
    check=$(printf '.load %s\nSELECT count(*), count(DISTINCT revision) FROM mig_log; SELECT group_concat(version_num) FROM alembic_version; SELECT (SELECT count(*) FROM t1) + (SELECT count(*) FROM t4);\n' "$so" | sqlite3 -batch "$db" | tr '\n' ' ')
    if [ "$fails" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$winners" -eq 1 ] && [ "$idle" -eq 5 ] &&
       [ "$check" = "4|4 c4 300000 " ]; then
        echo "ok concurrency ($mode): 1 migrated, 5 found nothing pending"
    else
        echo "FAIL concurrency ($mode): fails=$fails errors=$errors winners=$winners idle=$idle check=$check"
        cat "$dir"/$mode.*.out
        status=1
    fi
done
rm -rf "$dir"
exit $status
