#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, from Debian's
# postgresql-15 package (deploy/install-deps.sh installs it): a fresh
# cluster in DIR, listening only on a Unix socket in DIR (no TCP port), with
# fsync on as in production.
#
#   tests/postgres/pg-server.sh start DIR   # prints the conninfo to use
#   tests/postgres/pg-server.sh stop DIR    # stops it and removes DIR
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# `postgres` user the package created.
set -euo pipefail

command=${1:?usage: pg-server.sh start|stop DIR}
dir=${2:?usage: pg-server.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/pg_ctl ]] || { echo "pg-server.sh: PostgreSQL is not installed (deploy/install-deps.sh)" >&2; exit 1; }

as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

case $command in
  start)
    # A server still running in DIR would lose its files under it, then shut
    # down and take the new server's socket with it: refuse instead.
    if [[ -d $dir/data ]] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "pg-server.sh: a server is already running in $dir: stop it first ($0 stop $dir)" >&2
      exit 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [[ ${#as_owner[@]} -gt 0 ]] && chown postgres: "$dir"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U levier --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Up to 12 test processes at once, each with a few stores of two
    # connections, plus two-instance tests.
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=300 -c fsync=on -c shared_buffers=64MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&user=levier"
    ;;
  stop)
    if [[ -d $dir/data ]]; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "pg-server.sh: unknown command '$command' (start, stop)" >&2; exit 2 ;;
esac
