#!/usr/bin/env bash
# `pnpm bench:proxy`: the proxy against the limit (e2e/bench/proxy-limit.ts: direct, nginx, a
# minimal Node passthrough and Gatehouse in one table, CPU per call per process), then bundle
# propagation (apps/proxy/bench/run.ts); `pnpm bench:soak` (this script with `soak`) runs
# e2e/bench/soak.ts instead. Uses a fresh `gatehouse_bench` database and a private redis-server.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
trap 'stop_started' EXIT
ensure_node
ensure_pnpm
ensure_services
load_secrets
prepare_database gatehouse_bench fresh
if [ ! -x /usr/sbin/nginx ]; then apt_install nginx-light || say "nginx is missing: its row is skipped (install the Debian package nginx-light)."; fi
pnpm --silent turbo run build --filter=@gatehouse/proxy --filter=@gatehouse/worker --output-logs=errors-only || die "The build failed (see above)."
if [ "${1:-}" = soak ]; then
  (cd e2e && node --import tsx bench/soak.ts)
else
  (cd e2e && node --import tsx bench/proxy-limit.ts)
  # The demo upstream it starts takes no credential (the secrets file sets one for npm start).
  (cd apps/proxy && env -u DEMO_UPSTREAM_AUTH_VALUE node --import tsx bench/run.ts)
fi
