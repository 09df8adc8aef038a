#!/usr/bin/env bash
# `npm test`: the whole suite: unit tests, then the integration tests and the fault suite in its short form
# against real servers (scripts/with-stack.sh brings the local stack up when no endpoints are configured).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx nest build

echo "== unit tests"
npx jest --selectProjects unit --ci

export FAULTS_RESULTS="${FAULTS_RESULTS:-$PWD/.test-output/faults-short.txt}"
mkdir -p "$(dirname "$FAULTS_RESULTS")" && : > "$FAULTS_RESULTS"
echo "== integration tests and the fault suite (short form) against real Kafka and ${SEARCH_ENGINE:-opensearch}"
# --forceExit: every test closes its apps, consumers and clients, yet kafkajs keeps a socket or timer of a
# crashed-and-restarted consumer alive now and then; without it an all-green run can hang CI until its limit.
bash scripts/with-stack.sh npx jest --selectProjects integration faults --runInBand --ci --forceExit "$@"
echo "== fault suite (short form): scenario · events · lost · stale · extra · dead letters (expected) · duplicated dead letters"
cat "$FAULTS_RESULTS"
