#!/usr/bin/env bash
# bench/run_rebuild.sh -- W5, the table-rebuild workload: mig against the
# hand-written procedure and Alembic, on SQLite and PostgreSQL.  See
# bench/rebuild/README.md.
#
#   bash bench/run_rebuild.sh            full run (1,000,000 rows, 7 rounds):
#                                        rewrites bench/RESULTS.md
#   bash bench/run_rebuild.sh --smoke    2,000 rows, no warm-up, 1 round; prints
#                                        the report, leaves RESULTS.md alone and
#                                        fails if mig or a hand-written variant
#                                        fails or loses anything
#
# Environment: ROWS, ROUNDS, WARMUP, MEM_ROUNDS, ENGINES (sqlite,pg),
# NO_ALEMBIC=1, OUT (report file; full run default bench/RESULTS.md, of
# which only the section between the W5 markers is replaced),
# MIG_SOURCE=head|worktree (what to build: full run default head, a
# `git archive` snapshot of the last commit; smoke default worktree),
# PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config).
#
# As root: installs the Debian packages it needs when missing, builds
# mig.so, installs the PostgreSQL extension and runs a throwaway cluster as
# user postgres on a unix socket in a fresh /tmp directory, stopped and
# removed on every exit.
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
    rows=${ROWS:-2000}; rounds=${ROUNDS:-1}; warmup=${WARMUP:-0}; mem_rounds=${MEM_ROUNDS:-1}
    out=${OUT:-}
else
    rows=${ROWS:-1000000}; rounds=${ROUNDS:-7}; warmup=${WARMUP:-1}; mem_rounds=${MEM_ROUNDS:-3}
    out=${OUT:-$root/bench/RESULTS.md}
fi
engines=${ENGINES:-sqlite,pg}
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

# ---- packages (Debian's registry only), and what to build (bench/lib.sh)
pkgs="sqlite3 libsqlite3-dev gcc make time python3 python3-alembic"
case $engines in *pg*) pkgs="$pkgs postgresql-15 postgresql-server-dev-15 clang-14 llvm-14 python3-psycopg2" ;; esac
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
# shellcheck disable=SC2086  # a list of package names
bench_packages $pkgs
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
bench_source $smoke
echo "== build mig.so from $version"
make -C "$src" -s mig.so

args=(--rows "$rows" --rounds "$rounds" --warmup "$warmup" --mem-rounds "$mem_rounds"
      --engines "$engines" --mig-so "$src/mig" --mig-version "mig built from $version")
[ "${NO_ALEMBIC:-}" = 1 ] && args+=(--no-alembic)
[ -n "$out" ] && args+=(--out "$out")
[ $smoke = 1 ] && args+=(--strict)

case $engines in
*pg*)
    bench_pg_start mig-bench-pg
    ;;
esac

/usr/bin/python3 "$here/rebuild/bench.py" "${args[@]}"
