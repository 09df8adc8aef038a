#!/usr/bin/env bash
# `npm run bench [-- --events N]`: the benchmarks, on the local stack unless KAFKA_BROKERS / SEARCH_URL point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nest build
if [ -z "${KAFKA_BROKERS:-}" ] && [ -z "${SEARCH_URL:-}" ]; then bash local-stack/stack.sh up; fi
# No memory reducer in the benchmark's own process: once it has let go of the million events it published, the
# reducer's late collection of that heap took a core for a second in the middle of timed phases (history, session 29).
exec node --no-memory-reducer -r ts-node/register/transpile-only bench/run.ts "$@"
