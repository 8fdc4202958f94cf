# shellcheck shell=bash
# tests/pg/lib.sh -- sourced by the scripts that start throwaway
# PostgreSQL clusters (run.sh, replication.sh, atomic_databases.sh).
#
#   pg_test_dir NAME   sets bindir (from PG_CONFIG), as_server (runs a
#                      command as the server's user: postgres when we are
#                      root, since initdb refuses root), server_user, and
#                      tmp: a fresh directory /tmp/NAME.XXXXXX the server
#                      user owns, for data directories, sockets and logs.

# (the variables are the caller's; as_server is called by it)
# shellcheck disable=SC2034,SC2317
pg_test_dir() {
    local pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

    bindir=$("$pg_config" --bindir)
    if [ "$(id -u)" = 0 ]; then
        as_server() { runuser -u postgres -- "$@"; }
        server_user=postgres
    else
        as_server() { "$@"; }
        server_user=$(id -un)
    fi
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    chmod 755 "$tmp"
    chown "$server_user" "$tmp"
}
