#!/usr/bin/env bash
# Two cms nodes behind nginx, one killed under load (docs/benchmarks.md, "Cluster: a node killed under load").
#
#   bench/cluster/run.sh [boxes=5000] [extra options of cluster.py, e.g. --down 120 --kill-at 120 --after 240]
#
# Starts Debian's PostgreSQL (initdb as this user), S3Proxy, Debian's mosquitto, two cms nodes from the same jar and
# Debian's nginx in front, then bench/fleet's boxes through nginx (FLEET_JAVA: Java 21+ gives each box a virtual
# thread; default the Temurin 25 under /usr/lib/jvm if there is one). Builds cms's jar and the fleet's jar if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
BOXES=${1:-5000}
shift $(( $# > 0 ? 1 : 0 ))
JAVA=${JAVA:-java}
FLEET_JAVA=${FLEET_JAVA:-$(ls -d /usr/lib/jvm/temurin-2[5-9]*/bin/java /usr/lib/jvm/*-2[1-9]*/bin/java 2>/dev/null | head -1)}
FLEET_JAVA=${FLEET_JAVA:-java}
JAR=cms/target/openloa-cms.jar
FLEET_JAR=bench/fleet/target/fleet.jar
[ -f "$JAR" ] || ./mvnw -q -pl cms -am package -DskipTests
[ -f "$FLEET_JAR" ] || ./mvnw -q -Pbench -pl bench/fleet -am package -DskipTests
# S3Proxy comes from cms's test classpath (the same S3Proxy the tests use)
[ -f cms/target/bench-classpath.txt ] || ./mvnw -q -pl cms -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
for tool in /usr/sbin/mosquitto /usr/sbin/nginx; do
  [ -x "$tool" ] || { echo "needs $tool: apt-get install -y mosquitto nginx postgresql" >&2; exit 1; }
done
ulimit -n 65536 2>/dev/null || true
exec python3 bench/cluster/cluster.py --jar "$JAR" --java "$JAVA" --classpath "$(cat cms/target/bench-classpath.txt)" \
  --fleet-jar "$FLEET_JAR" --fleet-java "$FLEET_JAVA" --boxes "$BOXES" "$@"
