#!/bin/sh
# A throwaway PostgreSQL server for the warehouse tests: initdb into a fresh folder, listen on 127.0.0.1 only,
# trust authentication for the postgres role; run as the postgres user when started as root. Every stream
# of the server goes to files in DIR, so that a caller reading this script's output is not kept waiting. A UTF8
# database, as users' are wherever the locale is UTF-8 (in SQL_ASCII, chr(160) is a byte, not the no-break space).
#   postgres.sh start DIR PORT    postgres.sh stop DIR
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 3; }
# setpriv rather than su: su's PAM session outlives the command and keeps the caller waiting.
as_owner() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups sh -c "$*"; else sh -c "$*"; fi
}
case "$1" in
start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "'$bindir/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C --no-sync >'$dir/initdb.log' 2>&1"
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-h 127.0.0.1 -p $port -k '$dir'\" start </dev/null >'$dir/pg_ctl.log' 2>&1" \
        || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    dir=$2
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
    rm -rf "$dir"
    ;;
esac
