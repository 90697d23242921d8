#!/usr/bin/env bash
# npm test: every check, in the order the README gives. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_SEND_METRICS=false
step() { printf '\n== %s\n' "$1"; }
step "host app build (web/host → public/host)"; node scripts/build-web.mjs
step "type check (tsc --noEmit, strict)"; npx tsc --noEmit -p .
step "lint and format (biome)"; npx biome check .
step "node tests (vitest)"; npx vitest run
step "workers runtime tests (vitest-pool-workers)"; npx vitest run -c vitest.workers.config.ts
step "worker budgets, each of main, organizer, payments (bundle gzip: wrangler deploy --dry-run --minify; startup CPU: wrangler check startup)"; node scripts/bundle-check.mjs
step "chromium tests (playwright)"; node scripts/ensure-chromium.mjs && npx playwright test
