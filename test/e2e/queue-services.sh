#!/usr/bin/env bash
# queue-services.sh - what n8n's queue mode needs besides n8n: Postgres (its database) and Redis (its job
# queue), each on a free loopback port, started and stopped by the end-to-end suite (Debian's
# `postgresql` and `redis-server` packages; nothing is installed here).
#
#   test/e2e/queue-services.sh start   start both; writes $E2E_RUN_DIR/queue-services.env (n8n's DB_* and
#                                      QUEUE_BULL_REDIS_* settings) for run.sh to source
#   test/e2e/queue-services.sh stop    stop both and remove Postgres's data directory
#
# Postgres refuses to run as root: as root, the cluster is created and run as the `postgres` user that
# Debian's package adds, in a directory of its own under /tmp (the run directory is private to root).
set -euo pipefail

RUN_DIR=${E2E_RUN_DIR:?queue-services.sh needs E2E_RUN_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENV_FILE=$RUN_DIR/queue-services.env
PG_DIR_FILE=$RUN_DIR/postgres.dir
REDIS_PID_FILE=$RUN_DIR/redis.pid

log() { echo "[queue-services $(date +%T)] $*" >&2; }
die() { echo "[queue-services] $*" >&2; exit 1; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "Postgres is not installed (apt-get install -y postgresql)"
  echo "$dir"
}

# Runs a Postgres program as a user Postgres accepts.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin port=$1 dir
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/chatwoot-e2e-postgres.XXXXXX")
  echo "$dir" > "$PG_DIR_FILE"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_postgres "$bin/initdb" --pgdata="$dir/data" --username=n8n --auth=trust --encoding=UTF8 --no-instructions > "$RUN_DIR/postgres-initdb.log" 2>&1 ||
    { cat "$RUN_DIR/postgres-initdb.log" >&2; die "initdb failed"; }
  # A throwaway database: durability off, loopback only, the socket beside the data.
  as_postgres "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" --wait --timeout=120 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start > /dev/null ||
    { cat "$dir/postgres.log" >&2; die "Postgres did not start"; }
  as_postgres "$bin/createdb" --host=127.0.0.1 --port="$port" --username=n8n n8n
  log "Postgres $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
}

stop_postgres() {
  [ -f "$PG_DIR_FILE" ] || return 0
  local dir; dir=$(cat "$PG_DIR_FILE")
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=60 stop > /dev/null || true
  fi
  [ -f "$dir/postgres.log" ] && cp "$dir/postgres.log" "$RUN_DIR/postgres.log" 2> /dev/null || true
  rm -rf "$dir" "$PG_DIR_FILE"
  log "Postgres stopped"
}

start_redis() {
  local port=$1
  command -v redis-server > /dev/null || die "Redis is not installed (apt-get install -y redis-server)"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$RUN_DIR" \
    --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$RUN_DIR/redis.log"
  for _ in $(seq 1 100); do
    [ "$(redis-cli -p "$port" ping 2> /dev/null)" = PONG ] && { log "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  die "Redis did not answer on port $port (log: $RUN_DIR/redis.log)"
}

stop_redis() {
  [ -f "$REDIS_PID_FILE" ] || return 0
  local pid; pid=$(cat "$REDIS_PID_FILE")
  kill -TERM "$pid" 2> /dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
  rm -f "$REDIS_PID_FILE"
  log "Redis stopped"
}

case "${1:-}" in
  start)
    read -r PG_PORT REDIS_PORT < <(node "$HERE/free-ports.js" 2 | paste -sd' ')
    start_postgres "$PG_PORT"
    start_redis "$REDIS_PORT"
    cat > "$ENV_FILE" << ENV
export DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT=$PG_PORT
export DB_POSTGRESDB_DATABASE=n8n DB_POSTGRESDB_USER=n8n DB_POSTGRESDB_PASSWORD=n8n
export QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT=$REDIS_PORT
ENV
    ;;
  stop)
    stop_redis
    stop_postgres
    ;;
  *) sed -n 2,11p "$0" >&2; exit 2 ;;
esac
