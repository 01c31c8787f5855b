#!/usr/bin/env bash
# End-to-end test: builds the server (with the SPA embedded from internal/webui/dist), starts it on a
# free port with a throwaway data dir (the demo agency is seeded on first start), waits for /readyz,
# runs frontend/e2e/run.mjs against it and stops the server on exit.
#
#   bash scripts/e2e.sh            # expects frontend to be built (npm run build) and node_modules present
#   E2E_BUILD_FRONTEND=1 bash scripts/e2e.sh   # also runs `npm run build` first
#
# Screenshots go to $SCREENSHOT_DIR, by default a temporary folder, so that running the tests never
# changes a tracked file; `make screenshots` points it at docs/screenshots on purpose.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/xn-e2e.XXXXXX")"
SERVER_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM

if [[ "${E2E_BUILD_FRONTEND:-0}" == "1" ]]; then
  (cd frontend && npm run build)
fi
if [[ ! -f internal/webui/dist/index.html ]]; then
  echo "e2e: internal/webui/dist/index.html is missing: run 'cd frontend && npm ci && npm run build' first" >&2
  exit 1
fi
if [[ ! -d frontend/node_modules/playwright-core ]]; then
  echo "e2e: frontend/node_modules is missing: run 'cd frontend && npm ci' first" >&2
  exit 1
fi

echo "e2e: building the server"
go build -o "$TMP/xn" ./server

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE_URL="http://127.0.0.1:$PORT"

echo "e2e: starting the server on $BASE_URL"
XN_DATA_DIR="$TMP/data" XN_ADDR="127.0.0.1:$PORT" "$TMP/xn" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + 60))
until curl -fsS "$BASE_URL/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: the server exited before it was ready; its log:" >&2
    cat "$TMP/server.log" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "e2e: the server was not ready within 60 s; its log:" >&2
    cat "$TMP/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "e2e: server ready after $((SECONDS - deadline + 60)) s"

export SCREENSHOT_DIR="${SCREENSHOT_DIR:-${TMPDIR:-/tmp}/xn-e2e-screenshots}"
mkdir -p "$SCREENSHOT_DIR"
echo "e2e: screenshots go to $SCREENSHOT_DIR"

set +e
BASE_URL="$BASE_URL" node frontend/e2e/run.mjs
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
  echo "e2e: failed; server log tail:" >&2
  tail -n 50 "$TMP/server.log" >&2
fi
exit $rc
