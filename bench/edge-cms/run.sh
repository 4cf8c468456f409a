#!/usr/bin/env bash
# Manifest requests per second with 10,000 enrolled devices: cms against nginx serving a static file of
# the same size, same machine, same run, sides alternating; cms on its Tomcat port and on the edge fast
# listener (openloa.edge.fast-port). See docs/benchmarks.md, "Edge manifest".
#
#   bench/edge-cms/run.sh [devices=10000] [seconds=15] [runs=3] [manifest_bench.py options...]
#
# e.g. a JFR profile of the whole run: bench/edge-cms/run.sh 2000 10 2 \
#   --java-opt=-XX:StartFlightRecording=filename=/tmp/edge.jfr,settings=profile
#
# A change against the code before it, both served at once and driven in turns (fastB rows):
#   bench/edge-cms/run.sh 10000 15 5 --sides fast304,nginx304 --warmup 21 --jar-b /path/to/the/other/openloa-cms.jar
#
# JAVA picks cms's runtime (default: java on PATH; e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java).
# Needs wrk, nginx and python3 (apt-get install -y wrk nginx). Builds cms's jar if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEVICES=${1:-10000}
SECONDS_PER_RUN=${2:-15}
RUNS=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
JAVA=${JAVA:-java}
JAR=cms/target/openloa-cms.jar
# (re)built when missing or older than cms's sources
if [ ! -f "$JAR" ] || [ -n "$(find cms/src/main protocol/src/main -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -o -pl cms -am package -DskipTests
fi
exec python3 bench/edge-cms/manifest_bench.py --jar "$JAR" --java "$JAVA" --devices "$DEVICES" \
  --seconds "$SECONDS_PER_RUN" --runs "$RUNS" "$@"
