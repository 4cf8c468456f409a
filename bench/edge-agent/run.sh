#!/usr/bin/env bash
# Measures the edge agent's resident memory (RSS) and idle CPU while it holds a plan
# (docs/edge-agent.md, "Memory and CPU"; goal: RSS <= 48 MB and idle CPU <= 0.5 % of a core).
#
#   bench/edge-agent/run.sh [seconds=60] [runs=3]
#
# Each run starts the shaded jar against a tiny stand-in cms (stand_in_cms.py: 48 items over 24 h, the
# first after the window, 4 media), waits until the plan is cached and the first heartbeat is sent,
# then samples /proc/PID/status VmRSS every second and the CPU ticks of /proc/PID/stat over the window.
# Variants alternate within each run:
#   brief        -Xmx32m -XX:+UseSerialGC
#   recommended  the flags of edge-agent/src/main/dist/openloa-agent.service (and its MALLOC_ARENA_MAX=2): class
#                sharing off; with FLAGS that leave it on, the AppCDS archive the launcher would make
# and, sampled in the same window as "recommended", an idle JVM (a class that sleeps) with the same
# flags minus the archive: the JVM's own share. JAVA selects the runtime (default: java on PATH); FLAGS
# replaces the recommended flags (to try others), BRIEF=off skips the brief's variant, MQTT=off runs without
# a broker (the agent then loads no MQTT client).
set -euo pipefail
cd "$(dirname "$0")/../.."
WINDOW=${1:-60}
RUNS=${2:-3}
JAVA=${JAVA:-java}
JAR=edge-agent/target/edge-agent.jar
RECOMMENDED=${FLAGS:-"-Xms8m -Xmx32m -Xmn1m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -XX:ReservedCodeCacheSize=16m -Xss256k -XX:-UsePerfData -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000 -Xshare:off"}

[ -f "$JAR" ] || ./mvnw -q -pl edge-agent -am package -DskipTests
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 bench/edge-agent/stand_in_cms.py "$WORK/port" & PIDS+=($!)
until [ -s "$WORK/port" ]; do sleep 0.1; done
PORT=$(cat "$WORK/port")
# Boxes run with a broker for wake-ups: Debian's mosquitto on a free port, when installed (MQTT=off: none),
# so Paho's share is in the figure.
MQTT_URL=
if [ "${MQTT:-on}" != off ] && command -v mosquitto >/dev/null; then
  MQTT_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mosquitto -p "$MQTT_PORT" > "$WORK/mosquitto.log" 2>&1 & PIDS+=($!)
  MQTT_URL="tcp://127.0.0.1:$MQTT_PORT"
fi
mkdir -p "$WORK/idle"
printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(Long.MAX_VALUE); } }\n' > "$WORK/idle/Idle.java"
"$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac" -d "$WORK/idle" "$WORK/idle/Idle.java" 2>/dev/null \
  || javac -d "$WORK/idle" "$WORK/idle/Idle.java"
# The AppCDS archive, made as the launcher (/usr/bin/openloa-agent) makes it; none when FLAGS turn sharing off.
ARCHIVE=()
case " $RECOMMENDED " in
  *" -Xshare:off "*) ;;
  *) MALLOC_ARENA_MAX=2 "$JAVA" $RECOMMENDED -XX:ArchiveClassesAtExit="$WORK/agent.jsa" -jar "$JAR" --warm-up >/dev/null 2>&1
     ARCHIVE=(-XX:SharedArchiveFile="$WORK/agent.jsa") ;;
esac
TCK=$(getconf CLK_TCK)

rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# sample LABEL PID [BASELINE_PID]: prints "label median_rss_kB max_rss_kB cpu_s" (+ the baseline's median RSS)
sample() {
  local label=$1 pid=$2 base=${3:-} t0 t1 i
  : > "$WORK/rss" ; : > "$WORK/base"
  t0=$(ticks "$pid")
  for ((i = 0; i < WINDOW; i++)); do
    rss "$pid" >> "$WORK/rss"
    [ -n "$base" ] && rss "$base" >> "$WORK/base"
    sleep 1
  done
  t1=$(ticks "$pid")
  printf '%s %s %s %s %s\n' "$label" "$(median < "$WORK/rss")" "$(sort -n "$WORK/rss" | tail -1)" \
    "$(awk -v t=$((t1 - t0)) -v h="$TCK" 'BEGIN {printf "%.2f", t / h}')" \
    "$( [ -n "$base" ] && median < "$WORK/base" || echo -)" | tee -a "$WORK/results"
}

run_agent() { # LABEL FLAGS...
  local label=$1; shift
  local data="$WORK/data-$label"
  rm -rf "$data" "$WORK/plays"
  printf 'server.url=http://127.0.0.1:%s\nenrollment.code=BENCH\ndata.dir=%s\nplayer=file:%s/plays\n' \
    "$PORT" "$data" "$WORK" > "$WORK/agent.properties"
  [ -z "$MQTT_URL" ] || echo "mqtt.url=$MQTT_URL" >> "$WORK/agent.properties"
  "$JAVA" "$@" -jar "$JAR" "$WORK/agent.properties" > "$WORK/agent-$label.log" 2>&1 &
  AGENT=$!
  PIDS+=($AGENT)
  until [ "$(cat "$WORK/agent-$label.log" 2>/dev/null | grep -c 'verified')" -ge 4 ] && [ -z "$(ls -A "$data/outbox" 2>/dev/null)" ]; do
    kill -0 "$AGENT" || { cat "$WORK/agent-$label.log"; exit 1; }
    sleep 0.2
  done
  sleep 2
}

echo "java: $("$JAVA" -version 2>&1 | head -1); window ${WINDOW}s; runs $RUNS; mqtt: ${MQTT_URL:-none}"
echo "label median_rss_kB max_rss_kB cpu_s idle_jvm_median_rss_kB"
for ((run = 1; run <= RUNS; run++)); do
  if [ "${BRIEF:-on}" != off ]; then
    run_agent brief -Xmx32m -XX:+UseSerialGC
    sample brief "$AGENT"
    kill "$AGENT"; wait "$AGENT" 2>/dev/null || true
  fi

  MALLOC_ARENA_MAX=2 run_agent recommended $RECOMMENDED "${ARCHIVE[@]}"
  MALLOC_ARENA_MAX=2 "$JAVA" $RECOMMENDED -cp "$WORK/idle" Idle & IDLE=$!
  PIDS+=($IDLE)
  sample recommended "$AGENT" "$IDLE"
  kill "$AGENT" "$IDLE"; wait "$AGENT" "$IDLE" 2>/dev/null || true
done

echo
echo "medians over $RUNS runs (RSS in MiB, CPU in % of one core over the ${WINDOW}s window):"
for label in brief recommended; do
  grep "^$label " "$WORK/results" > "$WORK/one" || continue
  printf '%-12s RSS %s MiB (max %s MiB), idle CPU %s %%' "$label" \
    "$(awk '{print $2}' "$WORK/one" | median | awk '{printf "%.1f", $1 / 1024}')" \
    "$(awk '{print $3}' "$WORK/one" | sort -n | tail -1 | awk '{printf "%.1f", $1 / 1024}')" \
    "$(awk '{print $4}' "$WORK/one" | median | awk -v w="$WINDOW" '{printf "%.2f", 100 * $1 / w}')"
  if [ "$label" = recommended ]; then
    printf ', idle JVM alone %s MiB' "$(awk '{print $5}' "$WORK/one" | median | awk '{printf "%.1f", $1 / 1024}')"
  fi
  echo
done
curl -s "http://127.0.0.1:$PORT/stats" 2>/dev/null | sed 's/^/stand-in cms saw: /' || true
echo
