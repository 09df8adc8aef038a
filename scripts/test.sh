#!/usr/bin/env bash
# `npm test`: the whole suite. Without KAFKA_BROKERS and SEARCH_URL in the environment it brings the
# local stack up (real Kafka + OpenSearch from Maven Central) and, if it started it, stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx nest build

echo "== unit tests"
npx jest --selectProjects unit --ci

started_stack=0
if [ -z "${KAFKA_BROKERS:-}" ] && [ -z "${SEARCH_URL:-}" ]; then
  state_existed=0; [ -d .local-stack ] && state_existed=1
  if ! bash local-stack/stack.sh status | grep -q 'kafka: running' || ! bash local-stack/stack.sh status | grep -q 'opensearch: running'; then
    started_stack=1
  fi
  stop_stack() {
    if [ "$started_stack" = 1 ]; then
      if [ "$state_existed" = 1 ]; then bash local-stack/stack.sh down; else bash local-stack/stack.sh down --purge; fi
    fi
  }
  trap stop_stack EXIT
  bash local-stack/stack.sh up
  export KAFKA_BROKERS=127.0.0.1:${LOCAL_KAFKA_PORT:-9092} SEARCH_URL=http://127.0.0.1:${LOCAL_SEARCH_PORT:-9200} SEARCH_ENGINE=opensearch
  # Tests that stop and restart the engine may do so only on a stack this script controls.
  export LOCAL_STACK_MANAGED=1
fi

echo "== integration tests against Kafka at $KAFKA_BROKERS and ${SEARCH_ENGINE:-opensearch} at $SEARCH_URL"
# --forceExit: every test closes its apps, consumers and clients, yet kafkajs keeps a socket or timer of a
# crashed-and-restarted consumer alive now and then; without it an all-green run can hang CI until its limit.
npx jest --selectProjects integration --runInBand --ci --forceExit "$@"
