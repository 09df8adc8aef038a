#!/usr/bin/env bash
# Runs a command against real servers, chosen in this order (test/routes/test-route.ts):
#   1. KAFKA_BROKERS and SEARCH_URL set: those endpoints;
#   2. a Docker engine answers (DOCKER_HOST or /var/run/docker.sock): Kafka and the engine as containers,
#      started by testcontainers for the command and removed after it (test/routes/with-containers.ts);
#   3. otherwise the local stack (real Kafka + OpenSearch from Maven Central), brought up for the command and,
#      if this script started it, stopped again afterwards.
# TEST_ROUTE=local-stack or TEST_ROUTE=containers chooses between the last two.
set -euo pipefail
cd "$(dirname "$0")/.."

route=$(npx ts-node --transpile-only test/routes/test-route.ts)
case "$route" in
  endpoints) exec "$@" ;;
  containers) exec npx ts-node --transpile-only test/routes/with-containers.ts "$@" ;;
esac

state_existed=0; [ -d .local-stack ] && state_existed=1
started_stack=0
# Read whole before matching: with pipefail, grep -q closing the pipe early would fail the status call.
stack_status=$(bash local-stack/stack.sh status)
if ! grep -q 'kafka: running' <<<"$stack_status" || ! grep -q 'opensearch: running' <<<"$stack_status"; then
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
# Tests that stop and restart the engine or the broker may do so only on a stack this script controls.
export LOCAL_STACK_MANAGED=1
"$@"
