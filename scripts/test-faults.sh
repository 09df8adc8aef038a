#!/usr/bin/env bash
# `npm run test:faults`: the fault suite at the sizes of the issue (200k-event crash loop, 5-minute engine
# outage, 10,000 hostile messages...), against real servers; prints one line per scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nest build
export FAULTS_SCALE=full FAULTS_RESULTS="${FAULTS_RESULTS:-$PWD/.test-output/faults-full.txt}"
mkdir -p "$(dirname "$FAULTS_RESULTS")" && : > "$FAULTS_RESULTS"
status=0
bash scripts/with-stack.sh npx jest --selectProjects faults --runInBand --ci --forceExit "$@" || status=$?
echo "== scenario · events · lost · stale · extra · dead letters (expected) · duplicated dead letters"
cat "$FAULTS_RESULTS"
exit $status
