#!/usr/bin/env bash
# KAFKA_* variables become server.properties (the official image's convention); the log dir is formatted
# once with CLUSTER_ID, then the broker runs in the foreground.
set -euo pipefail
props=/opt/kafka/server.properties
: > "$props"
while IFS='=' read -r name value; do
  case "$name" in KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS) continue ;; esac
  key=$(tr '[:upper:]_' '[:lower:].' <<<"${name#KAFKA_}")
  echo "$key=$value" >> "$props"
done < <(env | grep '^KAFKA_')
grep -q '^log.dirs=' "$props" || echo "log.dirs=/var/lib/kafka" >> "$props"
dir=$(sed -n 's/^log.dirs=//p' "$props")
cp=/opt/kafka/libs/*
if [ ! -f "$dir/meta.properties" ]; then
  java -cp "$cp" -Dlog4j2.configurationFile=/opt/kafka/log4j2.yaml kafka.tools.StorageTool format -t "${CLUSTER_ID:?set CLUSTER_ID}" -c "$props" --ignore-formatted
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/opt/kafka/log4j2.yaml -cp "$cp" kafka.Kafka "$props"
