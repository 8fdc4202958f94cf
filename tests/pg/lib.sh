# shellcheck shell=bash
# tests/pg/lib.sh -- sourced by the scripts that start throwaway
# PostgreSQL clusters (run.sh, replication.sh, atomic_databases.sh).
#
#   pg_test_dir NAME   sets bindir (from PG_CONFIG), as_server (runs a
#                      command as the server's user: postgres when we are
#                      root, since initdb refuses root), server_user, and
#                      tmp: a fresh directory /tmp/NAME.XXXXXX the server
#                      user owns, for data directories, sockets and logs.
#   pg_test_start PORT an initdb'd cluster in $tmp/data, started on a Unix
#                      socket in $tmp only, at PORT; on failure prints the
#                      log and exits.

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

pg_test_start() {
    as_server "$bindir/initdb" -D "$tmp/data" -A trust -U postgres --no-sync \
        >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
    as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
        -o "-c listen_addresses='' -k $tmp -p $1" -w start >/dev/null \
        || { cat "$tmp/server.log"; exit 1; }
}
