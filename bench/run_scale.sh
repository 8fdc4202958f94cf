#!/usr/bin/env bash
# bench/run_scale.sh -- W1-W4, the scale workloads (long histories, the
# no-op call, planning over big graphs, registration): mig against the
# raw-SQL limit and Alembic, on SQLite and PostgreSQL (bench/scale).
#
#   bash bench/run_scale.sh            full run: rewrites its section of
#                                      bench/RESULTS.md and the PNG curves
#                                      (about half an hour)
#   bash bench/run_scale.sh --smoke    small sizes, one round; prints the
#                                      report and leaves RESULTS.md alone
#
# Environment: ENGINES (sqlite,pg), NO_ALEMBIC=1, OUT (report file),
# BENCH_ARGS (more bench/scale/bench.py options, e.g. --w1 100,1000),
# MIG_SOURCE=head|worktree (full run default head: a `git archive`
# snapshot of the last commit; smoke default worktree),
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
engines=${ENGINES:-sqlite,pg}
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

pkgs="sqlite3 libsqlite3-dev gcc make time python3 python3-alembic gnuplot-nox"
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

args=(--mig-so "$src/mig" --mig-version "mig built from $version" --engines "$engines")
versions="SQLite $(sqlite3 --version | cut -d' ' -f1)"
if [ $smoke = 1 ]; then
    # shellcheck disable=SC2054  # the sizes are comma-separated lists
    args+=(--w1 20,60 --w2 60 --w3 200,600 --w4 60 --rounds 1000:1 --w2-calls 20 --w3-calls 3)
    out=${OUT:-}
else
    out=${OUT:-$root/bench/RESULTS.md}
fi
[ "${NO_ALEMBIC:-}" = 1 ] && args+=(--no-alembic)
[ -n "$out" ] && args+=(--out "$out")

case $engines in
*pg*)
    bench_pg_start mig-bench-scale
    versions="$versions, $(psql -X -A -t -d postgres -c 'SELECT version()' | cut -d, -f1) (throwaway cluster, default settings)"
    ;;
esac
versions="$versions; Alembic $(/usr/bin/python3 -c 'import alembic; print(alembic.__version__)'), Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())')"

# shellcheck disable=SC2086
/usr/bin/python3 "$here/scale/bench.py" "${args[@]}" --versions "$versions" ${BENCH_ARGS:-}
