#!/usr/bin/env bash
# npm run test:e2e - the package in a real n8n, with the dispatcher playing Chatwoot.
#
# Lanes (the first argument; the default is n8n2):
#   --lane=n8n2    n8n 2.x (test/e2e/n8n-server), one process, SQLite          npm run test:e2e
#   --lane=n8n1    n8n 1.x (test/e2e/n8n-server-1.x), one process, SQLite      npm run test:e2e:n8n1
#   --lane=queue   n8n 2.x in queue mode: Postgres, Redis, a main, a worker and two webhook processors,
#                  all started here (test/e2e/queue-services.sh)                npm run test:e2e:queue
# The single-process lanes run test/e2e/**/*.e2e.ts except test/e2e/queue-mode/; the queue lane runs
# test/e2e/queue-mode/*.e2e.ts (test/e2e/jest.config.js reads E2E_LANE).
#
# 1. installs the pinned n8n and the Node it needs into a cache outside git (skipped when cached),
# 2. builds and packs this package and installs the tarball into a fresh n8n user folder, as n8n's
#    community-node installer would,
# 3. starts the dispatcher (system Node) and n8n (Node 24) on free loopback ports, creates the owner
#    and an API key,
# 4. runs the checks in test/e2e/*.e2e.ts (jest, own config), which talk to both over HTTP,
# 5. stops everything it started, whatever happened.
#
# Environment: CHATWOOT_E2E_CACHE (default ~/.cache/chatwoot-e2e), E2E_KEEP_RUN_DIR=1 keeps logs and
# databases of a passing run (a failing run always keeps them), N8N_LOG_LEVEL, and jest arguments
# after `--`, e.g. `npm run test:e2e -- -t 'signature'`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
N8N_CTL=$ROOT/test/e2e/n8n.sh
QUEUE_SERVICES=$ROOT/test/e2e/queue-services.sh

export E2E_LANE=n8n2
case "${1:-}" in --lane=*) E2E_LANE=${1#--lane=}; shift ;; esac
case "$E2E_LANE" in
  n8n2) export E2E_N8N_LINE=2 ;;
  n8n1) export E2E_N8N_LINE=1 ;;
  queue) export E2E_N8N_LINE=2 ;;
  *) echo "run.sh: unknown lane $E2E_LANE (n8n2, n8n1 or queue)" >&2; exit 2 ;;
esac
# The queue lane's n8n processes: name and role, main first (it creates the database's tables).
QUEUE_PROCESSES=(n8n:main worker:worker webhook-a:webhook webhook-b:webhook)
T0=$SECONDS
step() { printf '\n[e2e %s +%ss] %s\n' "$(date +%T)" "$((SECONDS - T0))" "$*" >&2; }

export E2E_RUN_DIR
E2E_RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chatwoot-e2e.XXXXXX")
DISPATCHER_PID=
JEST_PID=
OUTCOME=failed

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  step "stopping everything this run started"
  if [ -n "$JEST_PID" ] && kill -0 "$JEST_PID" 2>/dev/null; then  # interrupted: jest and an n8n.sh it runs
    kill -TERM -- "-$JEST_PID" 2>/dev/null || true; wait "$JEST_PID" 2>/dev/null || true
  fi
  if [ "$E2E_LANE" = queue ]; then
    for process in "${QUEUE_PROCESSES[@]}"; do E2E_N8N_INSTANCE=${process%%:*} E2E_N8N_ROLE=${process#*:} bash "$N8N_CTL" stop || true; done
    bash "$QUEUE_SERVICES" stop || true
  else
    bash "$N8N_CTL" stop || true
  fi
  if [ -n "$DISPATCHER_PID" ] && kill -0 "$DISPATCHER_PID" 2>/dev/null; then
    kill -TERM -- "-$DISPATCHER_PID" 2>/dev/null || kill -TERM "$DISPATCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$DISPATCHER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$DISPATCHER_PID" 2>/dev/null || true
  fi
  if [ "$OUTCOME" = passed ] && [ "${E2E_KEEP_RUN_DIR:-0}" != 1 ]; then
    rm -rf "$E2E_RUN_DIR"
  else
    # A failed check may be explained by n8n or the dispatcher (earlier steps print their own errors).
    if [ "$OUTCOME" = failed ] && [ -n "$JEST_PID" ]; then
      for log_file in "$E2E_RUN_DIR"/n8n.log "$E2E_RUN_DIR"/worker.log "$E2E_RUN_DIR"/webhook-?.log; do
        [ -f "$log_file" ] || continue
        echo "----- the end of n8n's log ($log_file):" >&2; tail -40 "$log_file" >&2
      done
    fi
    if [ "$OUTCOME" = failed ] && [ -n "$JEST_PID" ] && [ -f "$E2E_RUN_DIR/dispatcher.log" ]; then
      echo "----- the end of the dispatcher's log ($E2E_RUN_DIR/dispatcher.log):" >&2; tail -20 "$E2E_RUN_DIR/dispatcher.log" >&2
    fi
    echo "logs, databases and the n8n user folder are kept in $E2E_RUN_DIR" >&2
  fi
  printf '\n[e2e %s] %s in %s s\n' "$E2E_LANE" "$(echo "$OUTCOME" | tr a-z A-Z)" "$((SECONDS - T0))" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. n8n and Node 24
step "installing n8n (cached in ${CHATWOOT_E2E_CACHE:-$HOME/.cache/chatwoot-e2e})"
bash "$N8N_CTL" install

# ---------------------------------------------------------------- 2. this package, as a user installs it
step "building and packing $(node -p 'require("./package.json").name')"
npm run build --silent
TARBALL=$E2E_RUN_DIR/$(npm pack --ignore-scripts --silent --pack-destination "$E2E_RUN_DIR" | tail -1)
export N8N_USER_FOLDER=$E2E_RUN_DIR/n8n-home
bash "$N8N_CTL" add-node "$TARBALL"

# ---------------------------------------------------------------- 3. the dispatcher and n8n
read -r N8N_PORT N8N_RUNNERS_BROKER_PORT DISPATCHER_PORT < <(node test/e2e/free-ports.js 3 | paste -sd' ')
export N8N_PORT N8N_RUNNERS_BROKER_PORT DISPATCHER_PORT
export N8N_WEBHOOK_URL=http://127.0.0.1:$N8N_PORT/
export E2E_N8N_URL=http://127.0.0.1:$N8N_PORT
export E2E_N8N_CTL=$N8N_CTL
export E2E_N8N_OWNER_EMAIL=owner@example.com E2E_N8N_OWNER_PASSWORD=E2eTestPassw0rd
export E2E_DISPATCHER_URL=http://127.0.0.1:$DISPATCHER_PORT
export E2E_DISPATCHER_TOKEN=e2e-dispatcher-token-$RANDOM$RANDOM
if [ "$E2E_LANE" = queue ]; then
  # Chatwoot is given webhook processor A's address (n8n's production URL); B serves the same webhooks
  # at another address, as a second replica behind a load balancer would.
  read -r WORKER_HEALTH_PORT WORKER_BROKER_PORT WEBHOOK_A_PORT WEBHOOK_A_BROKER_PORT WEBHOOK_B_PORT WEBHOOK_B_BROKER_PORT \
    < <(node test/e2e/free-ports.js 6 | paste -sd' ')
  export N8N_WEBHOOK_URL=http://127.0.0.1:$WEBHOOK_A_PORT/
  export E2E_N8N_WEBHOOK_URLS="http://127.0.0.1:$WEBHOOK_A_PORT http://127.0.0.1:$WEBHOOK_B_PORT"
fi

step "starting the dispatcher on $E2E_DISPATCHER_URL"
# System Node: `npm ci` built the dispatcher's native store (better-sqlite3) for it. chatwoot-v4: one
# attempt with a 5 s timeout and no retry, as Chatwoot 4.x delivers account webhooks.
setsid node packages/chatwoot-dispatcher/dist/src/dispatcher/cli.js serve --host 127.0.0.1 --port "$DISPATCHER_PORT" \
  --db "$E2E_RUN_DIR/dispatcher.db" --token "$E2E_DISPATCHER_TOKEN" --retry-policy chatwoot-v4 \
  > "$E2E_RUN_DIR/dispatcher.log" 2>&1 < /dev/null &
DISPATCHER_PID=$!
dispatcher_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$E2E_DISPATCHER_URL/_dispatcher/health")" = 200 ]; }
for _ in $(seq 1 150); do
  dispatcher_ready && break
  kill -0 "$DISPATCHER_PID" 2>/dev/null || { cat "$E2E_RUN_DIR/dispatcher.log" >&2; echo "the dispatcher exited" >&2; exit 1; }
  sleep 0.2
done
dispatcher_ready || { cat "$E2E_RUN_DIR/dispatcher.log" >&2; echo "the dispatcher did not answer on $E2E_DISPATCHER_URL" >&2; exit 1; }

if [ "$E2E_LANE" = queue ]; then
  step "starting Postgres and Redis"
  bash "$QUEUE_SERVICES" start
  # shellcheck source=/dev/null
  . "$E2E_RUN_DIR/queue-services.env"
  # Production webhooks only on the webhook processors; the main keeps the editor, the API and test URLs.
  export EXECUTIONS_MODE=queue OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true
  # debug: the checks read from the logs which process registered, received and ran what.
  export N8N_LOG_LEVEL=${N8N_LOG_LEVEL:-debug}
  step "starting n8n main on $E2E_N8N_URL"
  bash "$N8N_CTL" start
  step "starting an n8n worker and two webhook processors"
  E2E_N8N_INSTANCE=worker E2E_N8N_ROLE=worker QUEUE_HEALTH_CHECK_ACTIVE=true QUEUE_HEALTH_CHECK_PORT=$WORKER_HEALTH_PORT \
    N8N_RUNNERS_BROKER_PORT=$WORKER_BROKER_PORT bash "$N8N_CTL" start &
  WORKER_START=$!
  E2E_N8N_INSTANCE=webhook-a E2E_N8N_ROLE=webhook N8N_PORT=$WEBHOOK_A_PORT N8N_RUNNERS_BROKER_PORT=$WEBHOOK_A_BROKER_PORT bash "$N8N_CTL" start &
  WEBHOOK_A_START=$!
  E2E_N8N_INSTANCE=webhook-b E2E_N8N_ROLE=webhook N8N_PORT=$WEBHOOK_B_PORT N8N_RUNNERS_BROKER_PORT=$WEBHOOK_B_BROKER_PORT bash "$N8N_CTL" start &
  WEBHOOK_B_START=$!
  wait "$WORKER_START" && wait "$WEBHOOK_A_START" && wait "$WEBHOOK_B_START"
  bash "$N8N_CTL" bootstrap
else
  step "starting n8n on $E2E_N8N_URL"
  bash "$N8N_CTL" start
  bash "$N8N_CTL" bootstrap
fi
E2E_N8N_API_KEY=$(cat "$E2E_RUN_DIR/n8n-api-key.txt")
export E2E_N8N_API_KEY

# ---------------------------------------------------------------- 4. the checks
step "running the checks"
# In its own process group, in the background and waited for: a TERM or INT to this script then runs the
# cleanup at once, and the cleanup can stop jest together with an `n8n.sh restart` it may be running.
setsid "$ROOT/node_modules/.bin/jest" --config test/e2e/jest.config.js "$@" &
JEST_PID=$!
wait "$JEST_PID"
OUTCOME=passed
