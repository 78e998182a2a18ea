#!/usr/bin/env bash
# Dev helper: start a throw-away copy of the bare integ-test-zip node (as `nobody`)
# with the plugin installed.  Usage: run-node.sh ES_HOME PORT WORKDIR [PLUGIN_ZIP]
# Prints the PID of the Elasticsearch process; stop it with `kill PID`.
set -euo pipefail
ES_HOME=$1; PORT=$2; WORK=$3; ZIP=${4:-}
JDK=${ES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
rm -rf "$WORK"; mkdir -p "$WORK"
cp -a "$ES_HOME" "$WORK/es"
if [ -n "$ZIP" ]; then
  ES_JAVA_HOME=$JDK "$WORK/es/bin/elasticsearch-plugin" install --batch "file://$(readlink -f "$ZIP")" >&2
fi
mkdir -p "$WORK/data" "$WORK/logs" "$WORK/tmp"
chown -R nobody:nogroup "$WORK"
cd "$WORK"
setpriv --reuid=nobody --regid=nogroup --clear-groups env \
  ES_JAVA_HOME="$JDK" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms1g -Xmx1g}" ES_PATH_CONF="$WORK/es/config" ES_TMPDIR="$WORK/tmp" \
  "$WORK/es/bin/elasticsearch" -E discovery.type=single-node -E network.host=127.0.0.1 \
  -E http.port="$PORT" -E path.data="$WORK/data" -E path.logs="$WORK/logs" \
  -E xpack.security.enabled=false >"$WORK/stdout.log" 2>&1 &
echo $!
