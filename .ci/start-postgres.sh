#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1:$PORT in $DIR, as the postgres user (it
# refuses root). Prints nothing on success; stop it with: pg_ctl -D $DIR -m fast stop
# Usage: start-postgres.sh DIR PORT
set -euo pipefail
dir=$1 port=$2
bin=/usr/lib/postgresql/15/bin
if ! test -x "$bin/postgres"; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-contrib-15 >/dev/null 2>&1 \
    || apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
rm -rf "$dir" && mkdir -p "$dir" && chown postgres "$dir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
