#!/usr/bin/env bash
# `npm run bench [-- --events N]`: the benchmarks, on the local stack unless KAFKA_BROKERS / SEARCH_URL point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nest build
if [ -z "${KAFKA_BROKERS:-}" ] && [ -z "${SEARCH_URL:-}" ]; then bash local-stack/stack.sh up; fi
exec npx ts-node --transpile-only bench/run.ts "$@"
