#!/usr/bin/env bash
# Emergency time to air with N simulated boxes (docs/benchmarks.md, "Emergency: time to air").
#
#   bench/fleet/time-to-air.sh [boxes=1000] [modes=mqtt,longpoll,poll] [extra options of time_to_air.py, e.g. --fresh]
#
# Starts mosquitto (Debian's) on a free port, cms from its jar on the embedded defaults, and bench/fleet's
# simulator (run on Java 21+ so every box is a virtual thread: FLEET_JAVA, default the Temurin 25 under
# /usr/lib/jvm if there is one). JAVA picks cms's runtime (default: java on PATH). Needs python3, mosquitto, nginx.
# --postgres runs cms on Debian's PostgreSQL (started here, as bench/cluster does) instead of H2.
# Builds cms's jar and the fleet's jar if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
BOXES=${1:-1000}
MODES=${2:-mqtt,longpoll,poll}
shift $(( $# > 2 ? 2 : $# ))
JAVA=${JAVA:-java}
FLEET_JAVA=${FLEET_JAVA:-$(ls -d /usr/lib/jvm/temurin-2[5-9]*/bin/java /usr/lib/jvm/*-2[1-9]*/bin/java 2>/dev/null | head -1)}
FLEET_JAVA=${FLEET_JAVA:-java}
JAR=cms/target/openloa-cms.jar
FLEET_JAR=bench/fleet/target/fleet.jar
[ -f "$JAR" ] || ./mvnw -q -pl cms -am package -DskipTests
[ -f "$FLEET_JAR" ] || ./mvnw -q -Pbench -pl bench/fleet -am package -DskipTests
for tool in /usr/sbin/mosquitto /usr/sbin/nginx; do
  [ -x "$tool" ] || { echo "needs $tool: apt-get install -y mosquitto nginx" >&2; exit 1; }
done
exec python3 bench/fleet/time_to_air.py --jar "$JAR" --java "$JAVA" --fleet-jar "$FLEET_JAR" \
  --fleet-java "$FLEET_JAVA" --boxes "$BOXES" --modes "$MODES" "$@"
