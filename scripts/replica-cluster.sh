#!/usr/bin/env bash
# A PostgreSQL 15 primary and a streaming replica on loopback, for trying DATABASE_REPLICA_URLS:
#   scripts/replica-cluster.sh start     # primary on $PRIMARY_PORT (5437), replica on $REPLICA_PORT (5438)
#   scripts/replica-cluster.sh status    # pg_is_in_recovery() and the replication state of each
#   scripts/replica-cluster.sh stop      # stops both and removes their data
# The replica is made with pg_basebackup -R (streaming, primary_conninfo written for it). As root,
# the servers run as the postgres user. Data lives under $ROOT (/tmp/bulletin-replica-cluster).
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
ROOT="${ROOT:-/tmp/bulletin-replica-cluster}"
PRIMARY_PORT="${PRIMARY_PORT:-5437}"
REPLICA_PORT="${REPLICA_PORT:-5438}"
DATABASE="${DATABASE:-bulletin}"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg() { as_postgres "$PG_BIN/$1" "${@:2}"; }
server_start() { pg pg_ctl -D "$1" -l "$1.log" -w -t 60 -o "-p $2 -k $ROOT -c listen_addresses=127.0.0.1" start >/dev/null; }

case "${1:-}" in
  start)
    mkdir -p "$ROOT"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT"
    if [ -e "$ROOT/primary" ]; then echo "already created under $ROOT (run: $0 stop)" >&2; exit 1; fi
    pg initdb -D "$ROOT/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    printf 'wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n' | as_postgres tee -a "$ROOT/primary/postgresql.conf" >/dev/null
    server_start "$ROOT/primary" "$PRIMARY_PORT"
    pg psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "create database \"$DATABASE\""
    pg pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$ROOT/replica" -R -X stream -c fast
    server_start "$ROOT/replica" "$REPLICA_PORT"
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DATABASE"
    echo "DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DATABASE"
    ;;
  status)
    for port in "$PRIMARY_PORT" "$REPLICA_PORT"; do
      printf '%s: in recovery = ' "$port"
      pg psql -h 127.0.0.1 -p "$port" -U postgres -Atqc 'select pg_is_in_recovery()' || echo "down"
    done
    pg psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc 'select application_name, state, sent_lsn, replay_lsn, replay_lag from pg_stat_replication' || true
    ;;
  stop)
    for server in replica primary; do
      [ -e "$ROOT/$server/postmaster.pid" ] && pg pg_ctl -D "$ROOT/$server" -m fast -w stop >/dev/null || true
    done
    rm -rf "$ROOT"
    ;;
  *)
    echo "usage: $0 start|status|stop" >&2
    exit 2
    ;;
esac
