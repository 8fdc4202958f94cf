# shellcheck shell=bash
# bench/lib.sh -- sourced by bench/run_rebuild.sh and bench/run_scale.sh:
# Debian packages, which mig to build, and a throwaway PostgreSQL cluster.
#
#   bench_packages PKG...   apt-get install those missing (as root)
#   bench_source SMOKE      sets src (what to build) and version (its words):
#                           a full run (SMOKE=0) measures the last commit, a
#                           `git archive` snapshot, so edits during the run
#                           change nothing; a smoke run the checkout as it
#                           is; MIG_SOURCE=head|worktree overrides
#   bench_pg_start NAME     builds and installs the extension from $src and
#                           starts a cluster as user postgres on a unix socket
#                           in a fresh /tmp/NAME.XXXXXX; exports PGHOST,
#                           PGPORT, PGUSER and PATH
#   bench_cleanup           the EXIT trap: stops the cluster, removes both
#
# Uses the caller's root (the checkout) and pg_config.

# (the variables are the caller's: root and pg_config in, src, version,
# tmp, bindir and as_server out)
# shellcheck disable=SC2034,SC2154
bench_snapshot=""
tmp=""

bench_packages() {
    local missing="" p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "== installing:$missing"
        # shellcheck disable=SC2086  # a list of package names
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
}

# shellcheck disable=SC2034,SC2154  # root in, src and version out
bench_source() {
    local source
    if [ "$1" = 1 ]; then source=${MIG_SOURCE:-worktree}; else source=${MIG_SOURCE:-head}; fi
    src=$root
    if [ "$source" = head ] && git -C "$root" rev-parse --verify -q HEAD >/dev/null; then
        bench_snapshot=$(mktemp -d /tmp/mig-bench-src.XXXXXX)
        git -C "$root" archive HEAD | tar -x -C "$bench_snapshot"
        src=$bench_snapshot
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
}

bench_pg_start() {
    local port
    echo "== build and install the PostgreSQL extension"
    make -C "$src/pg_ext" -s PG_CONFIG="$pg_config" install >/dev/null
    # shellcheck source-path=SCRIPTDIR source=../tests/pg/lib.sh
    . "$root/tests/pg/lib.sh"
    pg_test_dir "$1"
    port=$((50000 + RANDOM % 10000))
    echo "== PostgreSQL cluster in $tmp (socket only, port $port)"
    pg_test_start "$port"
    export PGHOST="$tmp" PGPORT="$port" PGUSER=postgres
    export PATH="$bindir:$PATH"
}

# shellcheck disable=SC2317  # called by the trap
bench_cleanup() {
    local status=$?
    if [ -n "$tmp" ] && [ -f "$tmp/data/postmaster.pid" ]; then
        as_server "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$tmp" ] && rm -rf "$tmp"
    [ -n "$bench_snapshot" ] && rm -rf "$bench_snapshot"
    exit $status
}
