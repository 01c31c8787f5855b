#!/usr/bin/env bash
# End-to-end test: builds the server (with the SPA embedded from internal/webui/dist), starts it on a
# free port with a throwaway data dir (the demo agency is seeded on first start), waits for /readyz,
# runs frontend/e2e/run.mjs against it and stops the server on exit.
# A second server starts fresh outside demo mode (XN_DEMO=off, throwaway secrets and data dir, a known
# first admin password) for the onboarding and setup journeys: E2E_FRESH_URL and E2E_FRESH_ADMIN_PASSWORD.
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
ONBOARDING_PID=""

stop() {
  local pid=$1
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local rc=$?
  stop "$SERVER_PID"
  stop "$ONBOARDING_PID"
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

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_ready URL PID LOG: until URL/readyz answers, or fail with the server's log.
wait_ready() {
  local url=$1 pid=$2 log=$3 deadline=$((SECONDS + 60)) start=$SECONDS
  until curl -fsS "$url/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "e2e: the server at $url exited before it was ready; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "e2e: the server at $url was not ready within 60 s; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "e2e: $url ready after $((SECONDS - start)) s"
}

PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$PORT"

echo "e2e: starting the server on $BASE_URL"
XN_DATA_DIR="$TMP/data" XN_ADDR="127.0.0.1:$PORT" "$TMP/xn" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

# A fresh agency outside demo mode: no departments, no staff, one admin with a known password.
ONBOARDING_PORT="$(free_port)"
while [[ "$ONBOARDING_PORT" == "$PORT" ]]; do ONBOARDING_PORT="$(free_port)"; done
E2E_FRESH_URL="http://127.0.0.1:$ONBOARDING_PORT"
E2E_FRESH_ADMIN_PASSWORD="first-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
echo "e2e: starting a fresh non-demo server on $E2E_FRESH_URL"
XN_DEMO=off XN_DATA_DIR="$TMP/onboarding" XN_ADDR="127.0.0.1:$ONBOARDING_PORT" \
  XN_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
  XN_RATER_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
  XN_ADMIN_PASSWORD="$E2E_FRESH_ADMIN_PASSWORD" \
  "$TMP/xn" >"$TMP/onboarding.log" 2>&1 &
ONBOARDING_PID=$!

wait_ready "$BASE_URL" "$SERVER_PID" "$TMP/server.log"
wait_ready "$E2E_FRESH_URL" "$ONBOARDING_PID" "$TMP/onboarding.log"
export E2E_FRESH_URL E2E_FRESH_ADMIN_PASSWORD

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
  echo "e2e: the onboarding (non-demo) server's log tail:" >&2
  tail -n 30 "$TMP/onboarding.log" >&2
fi
exit $rc
