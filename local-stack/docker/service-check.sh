#!/usr/bin/env bash
# Runs the service image (built by docker.sh service) against the servers in KAFKA_BROKERS / SEARCH_URL, as
# docker compose would: topics from its CLI, the service, the demo data, then a dance search through HTTP.
set -euo pipefail
image=${1:?image}
port=${SERVICE_CHECK_PORT:-13000}
run=(docker run --rm --network host -e KAFKA_BROKERS -e SEARCH_URL -e SEARCH_ENGINE -e PORT="$port" -e ADMIN_TOKEN=service-check-admin-token)
"${run[@]}" "$image" node dist/cli/main.js create-topics
id=$(docker run -d --network host -e KAFKA_BROKERS -e SEARCH_URL -e SEARCH_ENGINE -e PORT="$port" -e ADMIN_TOKEN=service-check-admin-token "$image")
trap 'docker rm -f "$id" >/dev/null' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/health/ready"; echo
"${run[@]}" -e DEMO_PRODUCTS=200 -e DEMO_DANCES=300 "$image" node dist/demo/publish-demo.js | tail -n 4
for _ in $(seq 1 30); do
  total=$(curl -fs "http://127.0.0.1:$port/search/dance-events?q=dans&size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  [ "${total:-0}" -gt 0 ] && break; sleep 1
done
echo "[service-check] the service image answered /health/ready and found ${total:-0} dances through /search/dance-events"
[ "${total:-0}" -gt 0 ]
