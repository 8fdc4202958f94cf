#!/bin/sh
# A database mig may not write, and one that fills up in the middle of a
# migration: a clear error, and the database is as it was (.dump equal,
# integrity_check ok, the version unchanged).
set -u
so=${MIG_SO:?}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/mig-rofull.XXXXXX")
trap 'rm -rf "$dir"' EXIT
status=0
db=$dir/a.db
sqlite3 -batch "$db" ".load $so" "SELECT mig_register_dir('$root/examples/catalog/versions');" \
    "SELECT mig_upgrade('9793c41fcfbe');" >/dev/null
before=$(sqlite3 -batch "$db" .dump | sha256sum)

out=$(sqlite3 -batch -readonly "$db" ".load $so" "SELECT mig_upgrade('head');" 2>&1)
case $out in
    *"attempt to write a readonly database: it was opened read-only"*"nothing was changed"*) ;;
    *) echo "FAIL read-only: unexpected output: $out"; status=1 ;;
esac
[ "$(sqlite3 -batch "$db" .dump | sha256sum)" = "$before" ] || { echo "FAIL read-only: the database changed"; status=1; }

# SQLite's page limit stands in for a full disk: the call stops half-way
out=$(sqlite3 -batch "$db" ".load $so" "PRAGMA max_page_count = 21;" "SELECT mig_upgrade('head');" 2>&1)
case $out in
    *"revision "*"database or disk is full: nothing was changed"*) ;;
    *) echo "FAIL full: unexpected output: $out"; status=1 ;;
esac
[ "$(sqlite3 -batch "$db" .dump | sha256sum)" = "$before" ] || { echo "FAIL full: the database changed"; status=1; }
[ "$(sqlite3 -batch "$db" "PRAGMA integrity_check;")" = ok ] || { echo "FAIL full: integrity_check"; status=1; }
# with room again, the same call succeeds
sqlite3 -batch "$db" ".load $so" "SELECT mig_upgrade('head');" >/dev/null 2>&1 &&
    [ "$(sqlite3 -batch "$db" "SELECT version_num FROM alembic_version;")" = 498a4c3da745 ] ||
    { echo "FAIL full: the upgrade did not succeed once there was room"; status=1; }
[ "$status" = 0 ] && echo "ok   read-only database and full disk: clear errors, the database as it was, then the upgrade succeeds"
exit $status
