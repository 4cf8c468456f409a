#!/usr/bin/env bash
# The fleet simulator on its own: N boxes against any edge-protocol server (a load generator, or a conformance
# check of another vendor's server). Options: java -jar bench/fleet/target/fleet.jar --help; see
# docs/edge-protocol.md, "Checking a box: bench/fleet".
#
#   bench/fleet/run.sh --server http://127.0.0.1:8080 --boxes 100 --token oltk_... --areas AREA_ID --duration 120
#
# FLEET_JAVA: a Java 21+ runtime gives every box a virtual thread (default: a Temurin 25 under /usr/lib/jvm if
# there is one, else java on PATH, where Java 17 uses a bounded pool of platform threads).
set -euo pipefail
cd "$(dirname "$0")/../.."
FLEET_JAVA=${FLEET_JAVA:-$(ls -d /usr/lib/jvm/temurin-2[5-9]*/bin/java /usr/lib/jvm/*-2[1-9]*/bin/java 2>/dev/null | head -1)}
FLEET_JAVA=${FLEET_JAVA:-java}
FLEET_JAR=bench/fleet/target/fleet.jar
[ -f "$FLEET_JAR" ] || ./mvnw -q -Pbench -pl bench/fleet -am package -DskipTests
exec "$FLEET_JAVA" -Xmx2g -jar "$FLEET_JAR" "$@"
