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
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "== installing:$missing"
    # shellcheck disable=SC2086  # a list of package names
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ $smoke = 1 ]; then source=${MIG_SOURCE:-worktree}; else source=${MIG_SOURCE:-head}; fi
src=$root
snapshot=""
tmp=""
# shellcheck disable=SC2154  # bindir and as_server come from tests/pg/lib.sh
cleanup() {
    status=$?
    if [ -n "$tmp" ] && [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$tmp" ] && rm -rf "$tmp"
    [ -n "$snapshot" ] && rm -rf "$snapshot"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$source" = head ] && git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
    snapshot=$(mktemp -d /tmp/mig-bench-src.XXXXXX)
    git -C "$root" archive HEAD | tar -x -C "$snapshot"
    src=$snapshot
    version="commit $(git -C "$root" rev-parse --short HEAD) (a snapshot by git archive)"
else
    version="the working tree"
    if git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
        version="the working tree at commit $(git -C "$root" rev-parse --short HEAD)"
        [ -n "$(git -C "$root" status --porcelain -- '*.c' '*.h' 'sql/*')" ] &&
            version="$version, with uncommitted changes"
    fi
fi
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
    echo "== build and install the PostgreSQL extension"
    make -C "$src/pg_ext" -s PG_CONFIG="$pg_config" install >/dev/null
    # shellcheck source-path=SCRIPTDIR source=../tests/pg/lib.sh
    . "$root/tests/pg/lib.sh"
    pg_test_dir mig-bench-scale
    port=$((50000 + RANDOM % 10000))
    echo "== PostgreSQL cluster in $tmp (socket only, port $port)"
    as_server "$bindir/initdb" -D "$tmp/data" -A trust -U postgres --no-sync \
        >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
    as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
        -o "-c listen_addresses='' -k $tmp -p $port" -w start >/dev/null \
        || { cat "$tmp/server.log"; exit 1; }
    export PGHOST="$tmp" PGPORT="$port" PGUSER=postgres
    export PATH="$bindir:$PATH"
    versions="$versions, $(psql -X -A -t -d postgres -c 'SELECT version()' | cut -d, -f1) (throwaway cluster, default settings)"
    ;;
esac
versions="$versions; Alembic $(/usr/bin/python3 -c 'import alembic; print(alembic.__version__)'), Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())')"

# shellcheck disable=SC2086
/usr/bin/python3 "$here/scale/bench.py" "${args[@]}" --versions "$versions" ${BENCH_ARGS:-}
