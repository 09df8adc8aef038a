#!/usr/bin/env bash
# The launcher binds 127.0.0.1 and bootstraps a one-node cluster; the security plugin is not part of it.
set -euo pipefail
http=$(printenv http.port || echo 9200)
transport=$(printenv transport.port || echo 9300)
# shellcheck disable=SC2086
exec java ${OPENSEARCH_JAVA_OPTS:--Xms1g -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED \
  -Dlog4j2.disable.jmx=true -cp '/opt/opensearch/libs/*' /opt/opensearch/OpenSearchLauncher.java /var/lib/opensearch "$http" "$transport"
