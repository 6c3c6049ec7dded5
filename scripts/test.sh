#!/usr/bin/env bash
# `pnpm test` (or `bash scripts/test.sh`): the same setup as start.sh, then typecheck, lint,
# unit, integration and end-to-end tests. Exits non-zero on any failure. Tests run against a
# fresh `gatehouse_test` database (GATEHOUSE_TEST_DB names another, for parallel checkouts), never the demo's.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
trap 'stop_started' EXIT

ensure_node
ensure_pnpm
ensure_services
install_deps
load_secrets
say "Preparing a fresh test database"
prepare_database "${GATEHOUSE_TEST_DB:-gatehouse_test}" fresh

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium || die "Chromium is missing: install the Debian package chromium (or run as root so this script can); Playwright drives /usr/bin/chromium."
fi

# The scale-out system test puts three proxy replicas behind Debian's nginx.
if [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx-light || die "nginx is missing: install the Debian package nginx-light (or run as root so this script can); the scale-out test runs proxies behind it."
fi

REPORTS="$STATE/test-reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

say "Typecheck"
pnpm --silent turbo run typecheck --output-logs=errors-only
pnpm --silent tsc -p tsconfig.json
say "Lint"
pnpm --silent lint
say "Unit tests"
pnpm --silent vitest run --project unit --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"
say "Integration tests (Postgres, Redis, real HTTP and MCP)"
pnpm --silent vitest run --project integration --reporter=default --reporter=json --outputFile.json="$REPORTS/integration.json"
say "End-to-end tests (Playwright, Chromium)"
# Magic links land in the dev mailbox; the specs read them there.
export GATEHOUSE_DEV_MAILBOX=1 AUTH_TRUST_HOST=true
pnpm --silent turbo run build --filter=@gatehouse/web --output-logs=errors-only
PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" pnpm --silent test:e2e --reporter=list,json

node scripts/lib/summarize-tests.mjs "$REPORTS"
