#!/usr/bin/env bash
# The Docker route where no image registry is reachable: a loopback-only Docker engine (no bridge, no
# iptables; containers use the host network and listen on 127.0.0.1), images built here once from a Debian
# root filesystem (debootstrap) plus this machine's JDK and the Kafka and OpenSearch jars from Maven Central,
# and the integration tests run through testcontainers against them.
#
#   docker.sh test [jest args]   engine up, images, integration tests via testcontainers, then nothing left
#   docker.sh service            the service's Dockerfile built on a local Node image, run against the containers
#   docker.sh engine-up | engine-down [--purge] | images | status
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=local-stack/docker
STATE=$PWD/.local-stack/docker
mkdir -p "$STATE/logs"
say() { echo "[docker] $*"; }
die() { echo "[docker] $*" >&2; exit 1; }

OWN_SOCK=$STATE/run/docker.sock
IMAGE_BASE=search-indexer-local/debian:bookworm
IMAGE_JDK=search-indexer-local/jdk:latest
IMAGE_KAFKA=search-indexer-local/kafka:4.1.1
IMAGE_OPENSEARCH=search-indexer-local/opensearch:3.8.0

ping_engine() { curl -fsS --max-time 2 --unix-socket "$1" http://docker/_ping >/dev/null 2>&1; }

# An engine that already answers is used as it is; otherwise one of our own is started on our socket.
engine_socket() {
  if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" == unix://* ]] && ping_engine "${DOCKER_HOST#unix://}"; then echo "${DOCKER_HOST#unix://}"; return; fi
  if ping_engine /var/run/docker.sock; then echo /var/run/docker.sock; return; fi
  echo "$OWN_SOCK"
}

need() { # $1 = command, $2 = Debian package
  command -v "$1" >/dev/null && return
  [ "$(id -u)" = 0 ] || die "$1 is missing; install the Debian package $2"
  say "installing $2 (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >"$STATE/logs/apt-$2.log" 2>&1 || die "apt-get install $2 failed; see $STATE/logs/apt-$2.log"
}

engine_up() {
  local sock; sock=$(engine_socket)
  if [ "$sock" != "$OWN_SOCK" ]; then say "using the running engine at $sock"; return; fi
  if ping_engine "$OWN_SOCK"; then say "engine already up at $OWN_SOCK"; return; fi
  need dockerd docker.io
  [ "$(id -u)" = 0 ] || die "starting a Docker engine needs root"
  mkdir -p "$STATE/run" "$STATE/data" "$STATE/exec"
  say "starting a loopback-only engine (no bridge, no iptables) at $OWN_SOCK"
  nohup dockerd --bridge=none --iptables=false --ip6tables=false --ip=127.0.0.1 \
    --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$STATE/run/dockerd.pid" \
    -H "unix://$OWN_SOCK" >"$STATE/logs/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do ping_engine "$OWN_SOCK" && return; sleep 0.5; done
  die "the engine did not answer; see $STATE/logs/dockerd.log"
}

engine_down() {
  local pidfile=$STATE/run/dockerd.pid
  local pid; pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "stopping the engine (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    # dockerd leaves its network namespace mounted under the exec root, which keeps a clone from being removed.
    awk -v root="$STATE/exec/" 'index($2, root) == 1 { print $2 }' /proc/mounts | while read -r m; do umount "$m" 2>/dev/null || true; done
  fi
  if [ "${1:-}" = --purge ]; then say "removing images and engine data"; rm -rf "$STATE/data" "$STATE/exec"; fi
}

dk() { DOCKER_HOST="unix://$(engine_socket)" docker "$@"; }

build_image() { # $1 = tag, $2 = context, $3 = build argument (NAME=value)
  dk build -q --force-rm --network host --build-arg "$3" -t "$1" "$2" >/dev/null 2>>"$STATE/logs/build.log" \
    || die "building $1 failed; see $STATE/logs/build.log"
}
has_image() { dk image inspect "$1" >/dev/null 2>&1; }

# A build context of its own under .local-stack (jars and the JDK are copied, never committed).
context() { # $1 = name
  local ctx=$STATE/context/$1
  rm -rf "$ctx" && mkdir -p "$ctx" && cp -r "$HERE/$1/." "$ctx/"
  echo "$ctx"
}

find_jdk() {
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-2*-jdk-* /usr/lib/jvm/java-2*-openjdk-*; do
    [ -x "$home/bin/javac" ] || continue
    local major; major=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    [ "${major:-0}" -ge 21 ] && { echo "$home"; return 0; }
  done
  return 1
}

images() {
  if ! has_image "$IMAGE_BASE"; then
    need debootstrap debootstrap
    local rootfs=$STATE/rootfs-bookworm
    if [ ! -f "$rootfs.tar" ]; then
      say "building a Debian bookworm root filesystem with debootstrap (once; cached in $rootfs.tar)"
      rm -rf "$rootfs"
      debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$STATE/logs/debootstrap.log" 2>&1 \
        || die "debootstrap failed; see $STATE/logs/debootstrap.log"
      tar -C "$rootfs" -cf "$rootfs.tar" . && rm -rf "$rootfs"
    fi
    say "importing $IMAGE_BASE"
    dk import "$rootfs.tar" "$IMAGE_BASE" >/dev/null
  fi
  if ! has_image "$IMAGE_JDK"; then
    local jdk; jdk=$(find_jdk) || die "no JDK 21+ on this machine to put in the image (OpenSearch 3 needs 21+)"
    local ctx; ctx=$(context jdk)
    cp -a "$jdk" "$ctx/jdk"
    say "building $IMAGE_JDK from $jdk"
    build_image "$IMAGE_JDK" "$ctx" BASE="$IMAGE_BASE"
  fi
  for component in kafka opensearch; do
    local image; image=$([ "$component" = kafka ] && echo "$IMAGE_KAFKA" || echo "$IMAGE_OPENSEARCH")
    has_image "$image" && continue
    local ctx; ctx=$(context "$component")
    say "building $image from the Maven Central jars"
    mvn -q -B -f "local-stack/$component/pom.xml" dependency:copy-dependencies -DoutputDirectory="$ctx/libs" >"$STATE/logs/mvn-$component.log" 2>&1 \
      || die "could not fetch the $component jars; see $STATE/logs/mvn-$component.log"
    if [ "$component" = kafka ]; then cp local-stack/kafka/log4j2.yaml "$ctx/"; else cp local-stack/opensearch/OpenSearchLauncher.java "$ctx/"; fi
    build_image "$image" "$ctx" BASE="$IMAGE_JDK"
  done
  rm -rf "$STATE/context"
  say "images ready: $IMAGE_KAFKA $IMAGE_OPENSEARCH"
}

# An engine this script started is stopped again when it exits, however it exits.
STARTED_ENGINE=0
own_engine() {
  ping_engine "$(engine_socket)" || STARTED_ENGINE=1
  engine_up
  trap 'if [ "$STARTED_ENGINE" = 1 ]; then engine_down; fi' EXIT
}

# Runs a command with Kafka and OpenSearch as containers of the local images (testcontainers), then checks
# that none is left.
with_local_containers() {
  # No bridge network: testcontainers must not look for its gateway; Ryuk (an image from a registry) is off.
  export DOCKER_HOST="unix://$(engine_socket)" TEST_ROUTE=containers TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
  export TEST_KAFKA_IMAGE=$IMAGE_KAFKA TEST_OPENSEARCH_IMAGE=$IMAGE_OPENSEARCH
  unset KAFKA_BROKERS SEARCH_URL
  npx ts-node --transpile-only test/routes/with-containers.ts "$@"
  local left; left=$(dk ps -aq | wc -l)
  [ "$left" = 0 ] || die "$left containers left behind"
  say "no container left"
}

run_tests() {
  own_engine
  images
  with_local_containers npx jest --selectProjects integration --runInBand --ci --forceExit "$@"
}

# The service's own Dockerfile, built on a local Node image, run against the test containers as compose would.
service_check() {
  own_engine
  images
  if ! has_image search-indexer-local/node:20; then
    local ctx; ctx=$(context node)
    cp "$(command -v node)" "$ctx/node" && cp -r "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$ctx/npm"
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
    say "building search-indexer-local/node:20 from this machine's node $(node --version)"
    build_image search-indexer-local/node:20 "$ctx" BASE="$IMAGE_BASE"
    rm -rf "$STATE/context"
  fi
  say "building the service image from ./Dockerfile (NODE_IMAGE=search-indexer-local/node:20)"
  build_image search-indexer-local/service:dev . NODE_IMAGE=search-indexer-local/node:20
  with_local_containers bash "$HERE/service-check.sh" search-indexer-local/service:dev
}

case "${1:-}" in
  engine-up) engine_up ;;
  engine-down) engine_down "${2:-}" ;;
  images) engine_up && images ;;
  status) ping_engine "$(engine_socket)" && say "engine answers at $(engine_socket)" || say "no engine"; dk images 2>/dev/null | grep search-indexer-local || true ;;
  test) shift; run_tests "$@" ;;
  service) service_check ;;
  *) die "usage: docker.sh test [jest args] | service | engine-up | engine-down [--purge] | images | status" ;;
esac
