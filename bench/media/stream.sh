#!/usr/bin/env bash
# Ingest while the upload streams in: "last byte received -> delivered file ready" of OpenLoa's streamed
# ingest (AudioIngest fed the WAV as an upload arriving evenly at SPEED x real time, measuring while it
# arrives) against bare ffmpeg two-pass loudnorm + MP3 on the same file on disk, alternating, medians.
# Also the total CPU (user + system, ffmpeg children and the JVM included) of both.
#
#   bench/media/stream.sh                       # 10-minute inputs, 10x real time, 3 runs
#   SPEED=4 bench/media/stream.sh               # a slower upload (4x real time)
#   RUNS=1 LENGTH=120 INPUTS="speech-10min" bench/media/stream.sh   # a quick look
#
# 10x real time for 10 minutes of 44.1 kHz stereo WAV (106 MB) is 1.8 MB/s (14 Mbit/s): a phone on
# good Wi-Fi or a PC on a LAN. Needs Debian's ffmpeg and espeak-ng and a JDK 17.
set -euo pipefail

RUNS=${RUNS:-3}
LENGTH=${LENGTH:-600} # seconds of the inputs
SPEED=${SPEED:-10}    # how many times faster than real time the upload arrives
INPUTS=${INPUTS:-"tone-noise-10min speech-10min music-10min"}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/openloa-bench-stream.XXXXXX)}
mkdir -p "$work"
echo "work folder: $work" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

(cd "$top" && ./mvnw -q -o -pl media -am compile >&2)
(cd "$top" && ./mvnw -q -o -pl media -am dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/classpath.txt" >&2)
cp="$top/media/target/classes:$(cat "$work/classpath.txt")"

# shellcheck source=inputs.sh
. "$here/inputs.sh"

# The bare recipe, the loudness of a result, a median.
# shellcheck source=recipes.sh
. "$here/recipes.sh"
med() { echo "$1" | tr ' ' '\n' | grep . | median; }

feed=$(echo "$LENGTH / $SPEED" | bc -l)
TIMEFORMAT='%R %U %S'
declare -A wall cpu tail_ms renders
for input in $INPUTS; do
  for run in $(seq 1 "$RUNS"); do
    for side in B S; do # alternating, so a busy neighbour hurts both alike
      out="$work/$input-$side.mp3"
      line="$work/$input-$side.txt"
      : > "$line"
      times=$( { time case $side in
        B) bare "$work/$input.wav" "$out" 2>> "$work/errors.log" ;;
        S) java -cp "$cp" org.openloa.media.audio.IngestTool --stream-seconds "$feed" "$work/$input.wav" "$out" \
             > "$line" 2>> "$work/errors.log" ;;
      esac; } 2>&1 )
      read -r real user sys <<< "$times"
      wall[$input/$side]+="$real "
      cpu[$input/$side]+="$(echo "$user + $sys" | bc -l) "
      if [ "$side" = S ]; then
        tail_ms[$input]+="$(sed -n 's/.*after_last_byte_ms=\([0-9]*\).*/\1/p' "$line") "
        renders[$input]=$(sed -n 's/.*renders=\([0-9]*\).*/\1/p' "$line")
      fi
      echo "$input run $run $side: wall ${real}s cpu $(echo "$user + $sys" | bc -l)s $(cat "$line")" >&2
    done
  done
done

echo
echo "### Ingest while the upload streams in: $((LENGTH / 60))-minute stereo 44.1 kHz WAV arriving at ${SPEED}x real time (${feed%.*} s), medians of $RUNS, alternating"
echo
echo "| input | bare two-pass on disk: wall (s) | streamed: last byte -> ready (s) | vs bare wall | bare CPU (s) | streamed CPU, all of it (s) | vs bare CPU | renders | delivered I / TP, bare | delivered I / TP, streamed |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for input in $INPUTS; do
  bw=$(med "${wall[$input/B]}")
  st=$(med "${tail_ms[$input]}" | awk '{printf "%.2f", $1/1000}')
  bc_=$(med "${cpu[$input/B]}")
  sc=$(med "${cpu[$input/S]}")
  read -r bi bt < <(loudness "$work/$input-B.mp3")
  read -r si stp < <(loudness "$work/$input-S.mp3")
  printf '| %s | %.1f | %s | %.2fx | %.1f | %.1f | %.2fx | %s | %s / %s | %s / %s |\n' "$input" "$bw" "$st" \
    "$(echo "$st / $bw" | bc -l)" "$bc_" "$sc" "$(echo "$sc / $bc_" | bc -l)" "${renders[$input]:--}" "$bi" "$bt" "$si" "$stp"
done
echo
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(ffmpeg -version | head -1 | cut -d' ' -f1-3); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
