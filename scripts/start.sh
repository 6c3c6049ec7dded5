#!/usr/bin/env bash
# `pnpm start` (or `bash scripts/start.sh`): everything a new user needs, on one machine.
# Finds or starts Postgres and Redis, installs dependencies, migrates, seeds the demo, starts
# the dashboard, proxy, worker and demo upstream, and prints how to use them. Ctrl-C stops
# everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WEB_PORT="${GATEHOUSE_WEB_PORT:-3000}"
PROXY_PORT="${GATEHOUSE_PROXY_PORT:-4000}"
# The proxy's ops listener (/status, /metrics), on loopback only.
PROXY_OPS_PORT="${GATEHOUSE_PROXY_OPS_PORT:-4001}"
DEMO_PORT="${DEMO_UPSTREAM_PORT:-4100}"
export GATEHOUSE_WEB_URL="${GATEHOUSE_WEB_URL:-http://localhost:$WEB_PORT}"
export GATEHOUSE_PUBLIC_PROXY_URL="${GATEHOUSE_PUBLIC_PROXY_URL:-http://127.0.0.1:$PROXY_PORT}"
export GATEHOUSE_DEMO_UPSTREAM_URL="http://127.0.0.1:$DEMO_PORT/mcp"
export GATEHOUSE_PUBLIC_WEB_URL="$GATEHOUSE_WEB_URL"
# A new user tries their own MCP server on localhost first: this one machine may proxy to private
# networks (cloud metadata addresses stay refused). A shared deployment leaves it unset.
export GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS="${GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS:-true}"

trap 'stop_started; exit 130' INT TERM
trap 'stop_started' EXIT

ensure_node
ensure_pnpm
for port in "$WEB_PORT" "$PROXY_PORT" "$PROXY_OPS_PORT" "$DEMO_PORT"; do
  ! port_open 127.0.0.1 "$port" || die "Port $port is already in use: stop what listens there, or set GATEHOUSE_WEB_PORT / GATEHOUSE_PROXY_PORT / GATEHOUSE_PROXY_OPS_PORT / DEMO_UPSTREAM_PORT."
done
ensure_services
install_deps
load_secrets
prepare_database gatehouse
[ "$GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS" = true ] && say "Private upstreams are allowed on this machine (GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS=true): servers may point at localhost and private networks."
say "Seeding the demo"
pnpm --silent db:seed || die "Seeding failed (see above)."

say "Building the dashboard, proxy, worker and demo upstream"
pnpm --silent turbo run build --filter=@gatehouse/web --filter=@gatehouse/proxy --filter=@gatehouse/worker \
  --filter=@gatehouse/demo-upstream --output-logs=errors-only || die "The build failed (see above)."

export NODE_ENV=production AUTH_URL="$GATEHOUSE_WEB_URL" AUTH_TRUST_HOST=true
# Without SMTP, magic links go to the server log and the dev mailbox page (served to this machine only).
if [ -z "${SMTP_URL:-}" ]; then
  export GATEHOUSE_DEV_MAILBOX=1
  say "No SMTP_URL is set: sign-in and sign-up emails go to the dev mailbox at $GATEHOUSE_WEB_URL/dev/mailbox, which answers browsers on this machine only (GATEHOUSE_DEV_MAILBOX=1). Set SMTP_URL to send real mail."
fi

# run NAME COMMAND...: starts a process in its own process group with prefixed output.
run() {
  local name="$1"; shift
  setsid bash -c '"$@" 2>&1 | sed -u "s/^/[$0] /"' "$name" "$@" &
  STARTED_PIDS+=("$!")
}
wait_http() {
  local url="$1" name="$2"
  for _ in $(seq 1 300); do
    node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url" && return 0
    sleep 0.2
  done
  die "$name did not come up at $url (see its log lines above)."
}

say "Starting the demo upstream, dashboard, proxy and worker"
# Each app runs as its own `node` process (built JavaScript, source maps on): no pnpm or tsx
# wrapper process in front of it.
DEMO_UPSTREAM_PORT="$DEMO_PORT" DEMO_UPSTREAM_AUTH_HEADER=X-Demo-Key run demo-upstream node --enable-source-maps apps/demo-upstream/dist/main.js
run web node apps/web/node_modules/next/dist/bin/next start apps/web -H 127.0.0.1 -p "$WEB_PORT"
run worker node --enable-source-maps apps/worker/dist/main.js
wait_http "http://127.0.0.1:$DEMO_PORT/healthz" "The demo upstream"
wait_http "http://127.0.0.1:$WEB_PORT/api/healthz" "The dashboard"
# The proxy fetches its bundles from the dashboard's internal API, so it starts once that is up.
GATEHOUSE_CONTROL_PLANE_URL="http://127.0.0.1:$WEB_PORT" GATEHOUSE_PROXY_PORT="$PROXY_PORT" GATEHOUSE_PROXY_OPS_PORT="$PROXY_OPS_PORT" \
  GATEHOUSE_PROXY_STATE_DIR="$STATE/proxy" \
  run proxy node --enable-source-maps apps/proxy/dist/main.js
wait_http "http://127.0.0.1:$PROXY_PORT/readyz" "The proxy"

node scripts/lib/print-demo.mjs "$STATE/demo.json"
wait
