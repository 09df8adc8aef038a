#!/usr/bin/env bash
# `npm run quickstart`: install, build, bring up the local stack, run the service, publish the demo
# data and print where to look. Ctrl-C stops the service; `npm run stack:down` stops the stack.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx nest build
bash local-stack/stack.sh up

export PORT="${PORT:-3000}"
export ADMIN_TOKEN="${ADMIN_TOKEN:-local-admin-token-change-me}"
mkdir -p .local-stack/logs
node --max-semi-space-size=64 dist/main.js >> .local-stack/logs/service.log 2>&1 &
service=$!
trap 'kill -TERM $service 2>/dev/null || true; wait $service 2>/dev/null || true' INT TERM EXIT

for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
node dist/demo/publish-demo.js
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 1; done

base="http://127.0.0.1:$PORT"
cat <<INFO

  The service runs on $base with the demo data (logs: .local-stack/logs/service.log)
    products:      $base/search/products?q=dansskor&size=5
    typo, prefix:  $base/search/products?q=dansskr   $base/search/products?q=foxt
    dance halls:   $base/search/dance-halls?q=ostersund
    dance bands:   $base/search/bands?q=vikingarna
    dances:        $base/search/dance-events?q=vikingarna   (the demo prints this weekend's near Östersund, and one for a user)
    near Östersund $base/search/dance-halls?lat=63.18&lon=14.64&radiusKm=50
    read your own writes: the demo's last lines above publish, then search with the token
    API docs:      $base/docs
    health:        $base/health/ready
    metrics:       $base/metrics
    admin:         curl -H 'Authorization: Bearer $ADMIN_TOKEN' $base/admin/projections
    CLI:           npm run cli -- status
  Ctrl-C stops the service; npm run stack:down stops Kafka and OpenSearch.

INFO
wait $service
