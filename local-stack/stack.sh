#!/usr/bin/env bash
# Runs a real Apache Kafka broker (KRaft, single node) and a real OpenSearch node on loopback,
# both assembled from Maven Central artifacts, for machines without a Docker engine.
#
#   stack.sh up | down [--purge] | status | restart-engine | stop-engine | start-engine
#
# State lives in .local-stack/ (git-ignored): data, logs, pid files and resolved classpaths.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE="$ROOT/local-stack"
STATE="${LOCAL_STACK_DIR:-$ROOT/.local-stack}"
KAFKA_PORT="${LOCAL_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${LOCAL_KAFKA_CONTROLLER_PORT:-9093}"
SEARCH_PORT="${LOCAL_SEARCH_PORT:-9200}"
SEARCH_TRANSPORT_PORT="${LOCAL_SEARCH_TRANSPORT_PORT:-9300}"
KAFKA_HEAP="${LOCAL_KAFKA_HEAP:-1g}"
SEARCH_HEAP="${LOCAL_SEARCH_HEAP:-2g}"

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

java_major() { # prints the major version of the java binary given, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

find_java() { # $1 = minimum major version; prints a java binary that satisfies it
  local min=$1 candidate major
  for candidate in ${OPENSEARCH_JAVA_HOME:+"$OPENSEARCH_JAVA_HOME/bin/java"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
    "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

resolve_classpath() { # $1 = component (kafka | opensearch)
  local out="$STATE/$1.classpath"
  if [ ! -s "$out" ] || [ "$HERE/$1/pom.xml" -nt "$out" ]; then
    command -v mvn >/dev/null || die "Maven (mvn) is not installed; it fetches the $1 jars from Maven Central"
    say "resolving $1 from Maven Central (cached in ~/.m2 after the first time)"
    mvn -q -B -f "$HERE/$1/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out" >"$STATE/logs/mvn-$1.log" 2>&1 \
      || die "could not resolve $1 jars; see $STATE/logs/mvn-$1.log"
  fi
}

wait_for() { # $1 = what, $2 = seconds, $3.. = command that succeeds when ready
  local what=$1 limit=$2; shift 2
  local waited=0
  until "$@"; do
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt "$limit" ] || die "$what did not answer within ${limit}s; see $STATE/logs/"
  done
}

engine_answers() { curl -fsS "http://127.0.0.1:$SEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; }

start_kafka() {
  local pidfile="$STATE/kafka.pid"
  if pid_alive "$pidfile"; then say "kafka already running (pid $(cat "$pidfile")) on 127.0.0.1:$KAFKA_PORT"; return; fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; free it or set LOCAL_KAFKA_PORT"
  port_open "$CONTROLLER_PORT" && die "port $CONTROLLER_PORT is taken by another process; free it or set LOCAL_KAFKA_CONTROLLER_PORT"
  local java; java=$(find_java 17) || die "no Java 17+ found for the Kafka broker (set JAVA_HOME)"
  resolve_classpath kafka
  local cp; cp=$(cat "$STATE/kafka.classpath")
  local data="$STATE/kafka-data" config="$STATE/kafka.properties"
  sed -e "s|@DATA_DIR@|$data|" -e "s|@KAFKA_PORT@|$KAFKA_PORT|" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|" \
    "$HERE/kafka/server.properties" >"$config"
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id; cluster_id=$("$java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    "$java" -cp "$cp" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.yaml" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$config" --standalone >"$STATE/logs/kafka-format.log" 2>&1 \
      || die "formatting the KRaft log dir failed; see $STATE/logs/kafka-format.log"
  fi
  say "starting kafka $(basename "$(dirname "$(tr ':' '\n' <"$STATE/kafka.classpath" | grep kafka_2.13)")") with $("$java" -version 2>&1 | head -n 1)"
  nohup "$java" -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.yaml" -cp "$cp" kafka.Kafka "$config" \
    >"$STATE/logs/kafka.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

start_engine() {
  local pidfile="$STATE/opensearch.pid"
  if pid_alive "$pidfile"; then say "opensearch already running (pid $(cat "$pidfile")) on 127.0.0.1:$SEARCH_PORT"; return; fi
  port_open "$SEARCH_PORT" && die "port $SEARCH_PORT is taken by another process; free it or set LOCAL_SEARCH_PORT"
  local java; java=$(find_java 21) || die "OpenSearch 3.x needs Java 21+ and none was found (install a JDK 21+ or set OPENSEARCH_JAVA_HOME)"
  resolve_classpath opensearch
  say "starting opensearch 3.8.0 with $("$java" -version 2>&1 | head -n 1)"
  nohup "$java" -Xms"$SEARCH_HEAP" -Xmx"$SEARCH_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    --enable-native-access=ALL-UNNAMED -Dlog4j2.disable.jmx=true \
    -cp "$(cat "$STATE/opensearch.classpath")" "$HERE/opensearch/OpenSearchLauncher.java" \
    "$STATE/opensearch" "$SEARCH_PORT" "$SEARCH_TRANSPORT_PORT" >"$STATE/logs/opensearch.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_pid() { # $1 = name, $2 = pid file
  local name=$1 pidfile=$2
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return; fi
  local pid; pid=$(cat "$pidfile")
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then say "$name did not stop in 30s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}

# The topics come from the projection registry, so the service's own CLI creates them (built first if needed).
create_topics() {
  (cd "$ROOT" && node scripts/ensure-built.cjs && KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node dist/cli/main.js create-topics) \
    || die "could not create the topics"
}

status() {
  local name pidfile port
  for name in kafka opensearch; do
    pidfile="$STATE/$name.pid"
    if [ "$name" = kafka ]; then port=$KAFKA_PORT; else port=$SEARCH_PORT; fi
    if pid_alive "$pidfile"; then
      if port_open "$port"; then say "$name: running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
      else say "$name: starting (pid $(cat "$pidfile")), 127.0.0.1:$port not answering yet"; fi
    else say "$name: stopped"; fi
  done
  say "logs: $STATE/logs/"
}

mkdir -p "$STATE/logs"
cmd=${1:-status}
case "$cmd" in
  up)
    started=$(date +%s)
    command -v node >/dev/null || die "node is not installed"
    [ -d "$ROOT/node_modules/kafkajs" ] || die "run npm ci first (the service's CLI creates the topics)"
    start_kafka
    start_engine
    wait_for "kafka on 127.0.0.1:$KAFKA_PORT" 90 port_open "$KAFKA_PORT"
    create_topics
    wait_for "opensearch on 127.0.0.1:$SEARCH_PORT" 180 engine_answers
    say "up in $(($(date +%s) - started))s: KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT SEARCH_URL=http://127.0.0.1:$SEARCH_PORT"
    ;;
  down)
    stop_pid opensearch "$STATE/opensearch.pid"
    stop_pid kafka "$STATE/kafka.pid"
    if [ "${2:-}" = "--purge" ]; then say "purging $STATE"; rm -rf "$STATE"; fi
    ;;
  status) status ;;
  stop-engine) stop_pid opensearch "$STATE/opensearch.pid" ;;
  start-engine)
    start_engine
    wait_for "opensearch on 127.0.0.1:$SEARCH_PORT" 180 engine_answers
    ;;
  restart-kafka)
    stop_pid kafka "$STATE/kafka.pid"
    start_kafka
    wait_for "kafka on 127.0.0.1:$KAFKA_PORT" 90 port_open "$KAFKA_PORT"
    ;;
  *) die "unknown command '$cmd' (up | down [--purge] | status | stop-engine | start-engine | restart-kafka)" ;;
esac
