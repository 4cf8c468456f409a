#!/usr/bin/env bash
# Mouth-to-loudspeaker latency of a live session, and the time a box takes to join it (docs/benchmarks.md,
# "Live latency"; goal: <= 3 s at the box). See bench/live/latency.py for how it is measured.
#
#   bench/live/run.sh [bursts=12] [engines="embedded icecast"]
#
# Each engine is one run: cms (its jar, embedded H2) with Debian's mosquitto, a real edge agent (its jar) with
# the file sink, an ffmpeg encoder pushing over HTTP PUT; with "icecast", Debian's icecast2 as the streaming
# engine (as nobody through <changeowner> when run as root). Baseline in the same run: a bare ffmpeg reading
# the same listen URL. Prints the load average beside the figures. About 2 minutes per engine on a quiet
# machine (cms's start dominates). Needs ffmpeg, mosquitto, icecast2, python3 (numpy optional)
# (apt-get install -y ffmpeg mosquitto icecast2 python3-numpy).
# COMPARE="old-agent.jar ..." adds a box per jar to the same session (e.g. an agent before a change).
set -euo pipefail
cd "$(dirname "$0")/../.."
BURSTS=${1:-12}
ENGINES=${2:-embedded icecast}
JAVA=${JAVA:-java}
CMS=cms/target/openloa-cms.jar
AGENT=edge-agent/target/edge-agent.jar
[ -f "$CMS" ] && [ -f "$AGENT" ] || ./mvnw -q -B -pl cms,edge-agent -am package -DskipTests
for engine in $ENGINES; do
  echo "== $engine; $(uptime)"
  EXTRA=()
  for jar in ${COMPARE:-}; do EXTRA+=(--agent-jar "$jar"); done
  python3 bench/live/latency.py --cms-jar "$CMS" --agent-jar "$AGENT" "${EXTRA[@]}" --java "$JAVA" \
    --engine "$engine" --bursts "$BURSTS"
  echo "   after: $(uptime)"
done
