#!/usr/bin/env bash
# The dispatcher as a user gets it: pack packages/chatwoot-dispatcher, run `npx --package <tarball> chatwoot-dispatcher serve` in an
# empty folder (npm installs the tarball and its dependencies from the registry, better-sqlite3 included),
# and check that it answers Chatwoot's API with the token it was given. Stops what it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chatwoot-dispatcher-tarball.XXXXXX")
PID=
cleanup() {
  [ -n "$PID" ] && kill -TERM -- "-$PID" 2>/dev/null || true
  [ -n "$PID" ] && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
npm run build --workspace chatwoot-dispatcher --silent
TARBALL=$WORK/$(npm pack --workspace chatwoot-dispatcher --silent --pack-destination "$WORK" | tail -1)
tar -tzf "$TARBALL" | sed 's|^package/||' | sort > "$WORK/files.txt"
echo "$(basename "$TARBALL"): $(wc -l < "$WORK/files.txt") files, $(du -k "$TARBALL" | cut -f1) KiB"
if grep -Ev '^(package\.json|README\.md|LICENSE|dist/.*)$' "$WORK/files.txt"; then
  echo "the dispatcher tarball carries files outside dist/ (above)" >&2; exit 1
fi
grep -qx 'dist/src/dispatcher/cli.js' "$WORK/files.txt" || { echo "the tarball has no CLI" >&2; exit 1; }

mkdir "$WORK/empty"
cd "$WORK/empty"
PORT=$(node "$ROOT/test/e2e/free-ports.js" 1)
TOKEN=tarball-check-$RANDOM$RANDOM
# npx installs the tarball into its cache and runs its bin, as `npx chatwoot-dispatcher serve` does with
# the published package (a bare `npx <file.tgz>` would try to run the file itself).
setsid npx --yes --package "$TARBALL" chatwoot-dispatcher serve --port "$PORT" --db :memory: --token "$TOKEN" --quiet > "$WORK/serve.log" 2>&1 < /dev/null &
PID=$!
for _ in $(seq 1 900); do  # installing compiles better-sqlite3 where no prebuilt binary fits: minutes
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/_dispatcher/health" && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; echo "npx --package $TARBALL chatwoot-dispatcher serve exited" >&2; exit 1; }
  sleep 0.5
done
status=$(curl -s -o "$WORK/webhooks.json" -w '%{http_code}' -H "api_access_token: $TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/accounts/1/webhooks")
[ "$status" = 200 ] || { cat "$WORK/serve.log" >&2; echo "GET webhooks answered $status" >&2; exit 1; }
grep -q '"webhooks"' "$WORK/webhooks.json" || { cat "$WORK/webhooks.json" >&2; exit 1; }
refused=$(curl -s -o /dev/null -w '%{http_code}' -H 'api_access_token: wrong' "http://127.0.0.1:$PORT/api/v1/accounts/1/webhooks")
[ "$refused" = 401 ] || { echo "a wrong token got $refused, not 401" >&2; exit 1; }
echo "npx --package $(basename "$TARBALL") chatwoot-dispatcher serve: installed in an empty folder, answered Chatwoot's webhook API (200, 401 for a wrong token)"
