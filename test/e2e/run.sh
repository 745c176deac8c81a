#!/usr/bin/env bash
# npm run test:e2e - the package in a real n8n, with the dispatcher playing Chatwoot.
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
  bash "$N8N_CTL" stop || true
  if [ -n "$DISPATCHER_PID" ] && kill -0 "$DISPATCHER_PID" 2>/dev/null; then
    kill -TERM -- "-$DISPATCHER_PID" 2>/dev/null || kill -TERM "$DISPATCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$DISPATCHER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$DISPATCHER_PID" 2>/dev/null || true
  fi
  if [ "$OUTCOME" = passed ] && [ "${E2E_KEEP_RUN_DIR:-0}" != 1 ]; then
    rm -rf "$E2E_RUN_DIR"
  else
    # A failed check may be explained by n8n or the dispatcher (earlier steps print their own errors).
    if [ "$OUTCOME" = failed ] && [ -n "$JEST_PID" ] && [ -f "$E2E_RUN_DIR/n8n.log" ]; then
      echo "----- the end of n8n's log ($E2E_RUN_DIR/n8n.log):" >&2; tail -40 "$E2E_RUN_DIR/n8n.log" >&2
    fi
    if [ "$OUTCOME" = failed ] && [ -n "$JEST_PID" ] && [ -f "$E2E_RUN_DIR/dispatcher.log" ]; then
      echo "----- the end of the dispatcher's log ($E2E_RUN_DIR/dispatcher.log):" >&2; tail -20 "$E2E_RUN_DIR/dispatcher.log" >&2
    fi
    echo "logs, databases and the n8n user folder are kept in $E2E_RUN_DIR" >&2
  fi
  printf '\n[e2e] %s in %s s\n' "$(echo "$OUTCOME" | tr a-z A-Z)" "$((SECONDS - T0))" >&2
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

step "starting n8n on $E2E_N8N_URL"
bash "$N8N_CTL" start
bash "$N8N_CTL" bootstrap
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
