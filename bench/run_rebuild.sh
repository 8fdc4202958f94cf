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

# ---- packages (Debian's registry only)
pkgs="sqlite3 libsqlite3-dev gcc make time python3 python3-alembic"
case $engines in *pg*) pkgs="$pkgs postgresql-15 postgresql-server-dev-15 clang-14 llvm-14 python3-psycopg2" ;; esac
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "== installing:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# ---- mig: the full run measures the last commit (a snapshot by git
# archive, so edits in the checkout during the run change nothing), the
# smoke run the checkout as it is; MIG_SOURCE=head|worktree overrides.
if [ $smoke = 1 ]; then source=${MIG_SOURCE:-worktree}; else source=${MIG_SOURCE:-head}; fi
src=$root
snapshot=""
pgtmp=""
cleanup() {
    status=$?
    if [ -n "$pgtmp" ] && [ -f "$pgtmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$pgtmp/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$pgtmp" ] && rm -rf "$pgtmp"
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
        if [ -n "$(git -C "$root" status --porcelain -- '*.c' '*.h' 'sql/*' 'pg_ext/Makefile' Makefile)" ]; then
            version="$version, with uncommitted changes"
        fi
    fi
fi
echo "== build mig.so from $version"
make -C "$src" -s mig.so

args=(--rows "$rows" --rounds "$rounds" --warmup "$warmup" --mem-rounds "$mem_rounds"
      --engines "$engines" --mig-so "$src/mig" --mig-version "mig built from $version")
[ "${NO_ALEMBIC:-}" = 1 ] && args+=(--no-alembic)
[ -n "$out" ] && args+=(--out "$out")
[ $smoke = 1 ] && args+=(--strict)

case $engines in
*pg*)
    bindir=$("$pg_config" --bindir)
    echo "== build and install the PostgreSQL extension"
    make -C "$src/pg_ext" -s PG_CONFIG="$pg_config" install >/dev/null
    if [ "$(id -u)" = 0 ]; then
        as_server() { runuser -u postgres -- "$@"; }
        server_user=postgres
    else
        as_server() { "$@"; }
        server_user=$(id -un)
    fi
    port=$((50000 + RANDOM % 10000))
    pgtmp=$(mktemp -d /tmp/mig-bench-pg.XXXXXX)
    chmod 755 "$pgtmp"
    chown "$server_user" "$pgtmp"
    echo "== PostgreSQL cluster in $pgtmp (socket only, port $port)"
    as_server "$bindir/initdb" -D "$pgtmp/data" -A trust -U postgres --no-sync \
        >"$pgtmp/initdb.log" 2>&1 || { cat "$pgtmp/initdb.log"; exit 1; }
    as_server "$bindir/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/server.log" \
        -o "-c listen_addresses='' -k $pgtmp -p $port" -w start >/dev/null \
        || { cat "$pgtmp/server.log"; exit 1; }
    export PGHOST="$pgtmp" PGPORT="$port" PGUSER=postgres
    export PATH="$bindir:$PATH"
    ;;
esac

/usr/bin/python3 "$here/rebuild/bench.py" "${args[@]}"
