#!/usr/bin/env bash
# Audio ingest benchmark: OpenLoa's AudioIngest against bare ffmpeg doing the same two-pass loudnorm
# and MP3 encode, on the same 10-minute stereo 44.1 kHz WAVs (a tone, espeak-ng speech, a synthetic
# band), alternating sides, medians of N runs, each side as a multiple (x) of bare ffmpeg in the same
# run; then the memory of ingesting a 1-hour MP3. Prints Markdown for docs/benchmarks.md.
#
#   bench/media/run.sh            # 3 runs each (about 30 minutes on a quiet 2-core machine)
#   RUNS=5 bench/media/run.sh
#   RUNS=1 LENGTH=20 HOUR=60 bench/media/run.sh   # a quick check of the script itself
#   INPUTS=tone-noise-10min HOUR=0 bench/media/run.sh   # only the like-for-like comparison
#   SIDES="B C" bench/media/run.sh                # only bare ffmpeg and the default
#   SIDES="B C D" bench/media/run.sh              # and the fast path without its limiter trial (before 2026-12-04)
#   BEFORE=/tmp/old-classes SIDES="B C P" bench/media/run.sh   # and the default of another build of the
#                                                 # media module's classes (a copy of media/target/classes)
#
# Needs Debian's ffmpeg and espeak-ng (apt-get install -y ffmpeg espeak-ng) and a JDK 17.
set -euo pipefail

RUNS=${RUNS:-3}
LENGTH=${LENGTH:-600} # seconds of the two WAVs
HOUR=${HOUR:-3600}    # seconds of the long MP3; 0 skips the memory measurement
INPUTS=${INPUTS:-"tone-noise-10min speech-10min music-10min"}
SIDES=${SIDES:-"A B C"}
[[ " $SIDES " == *" B "* ]] || SIDES="B $SIDES" # bare ffmpeg is the baseline: it always runs
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/openloa-bench-media.XXXXXX)}
mkdir -p "$work"
echo "work folder: $work" >&2

for tool in ffmpeg espeak-ng java; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- build: the media module's classes and its runtime classpath ------------------------------
# -am: the media module's test dependency on the protocol module's test-jar resolves in the reactor,
# with nothing installed (every module writes the file; the media module, built last, writes it last).
(cd "$top" && ./mvnw -q -pl media -am compile >&2)
(cd "$top" && ./mvnw -q -pl media -am dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/classpath.txt" >&2)
cp="$top/media/target/classes:$(cat "$work/classpath.txt")"

# --- inputs ---------------------------------------------------------------------------------
# shellcheck source=inputs.sh
. "$here/inputs.sh"
# One hour of stereo MP3 (128 kbit/s, 55 MB) for memory.
if [ "$HOUR" -gt 0 ] && [ ! -f "$work/hour.mp3" ]; then
  ffmpeg -hide_banner -nostdin -v error -y -stream_loop -1 -i "$work/speech-10min.wav" -t "$HOUR" -c:a libmp3lame -b:a 128k "$work/hour.mp3"
fi

# --- the two sides --------------------------------------------------------------------------
now() { date +%s.%N; }

# A: OpenLoa, a fresh JVM per run (start-up, codec calibration and all). Prints its in-process figures.
openloa() { # strategy input output
  java -cp "$cp" org.openloa.media.audio.IngestTool --strategy "$1" "$2" "$3"
}

# B: bare ffmpeg doing the same work (recipes.sh): the baseline.
# shellcheck source=recipes.sh
. "$here/recipes.sh"

# Wall time, and CPU time (user + system, children included): with other builds sharing the cores,
# CPU time is the fairer figure, and it shows what measuring on the second core costs.
TIMEFORMAT='%R %U %S'
declare -A wall cpu inproc
for input in $INPUTS; do
  for run in $(seq 1 "$RUNS"); do
    for side in $SIDES; do # alternating, so a busy neighbour hurts all sides alike
      out="$work/$input-$side.mp3"
      line="$work/$input-$side.txt"
      : > "$line"
      times=$( { time case $side in
        A) openloa TWO_PASS_LOUDNORM "$work/$input.wav" "$out" > "$line" 2>> "$work/errors.log" ;;
        B) bare "$work/$input.wav" "$out" 2>> "$work/errors.log" ;;
        C) openloa MEASURE_GAIN_LIMIT "$work/$input.wav" "$out" > "$line" 2>> "$work/errors.log" ;;
        D) java -cp "$cp" org.openloa.media.audio.IngestTool --no-limiter-trial "$work/$input.wav" "$out" > "$line" 2>> "$work/errors.log" ;;
        P) java -cp "${BEFORE:?set BEFORE to the classes of the other build}:$(cat "$work/classpath.txt")" \
             org.openloa.media.audio.IngestTool "$work/$input.wav" "$out" > "$line" 2>> "$work/errors.log" ;;
      esac; } 2>&1 )
      read -r real user sys <<< "$times"
      wall[$input/$side]+="$real "
      cpu[$input/$side]+="$(echo "$user + $sys" | bc -l) "
      [ -s "$line" ] && inproc[$input/$side]+="$(sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p' "$line") "
      echo "$input run $run $side: wall ${real}s cpu $(echo "$user + $sys" | bc -l)s $(cat "$line")" >&2
    done
  done
done

med() { echo "$1" | tr ' ' '\n' | grep . | median; }
echo
echo "### Ingest of $((LENGTH / 60)) minutes of stereo 44.1 kHz WAV to MP3 mono 64 kbit/s (medians of $RUNS, alternating)"
echo
echo "| input | side | wall (s) | in-process (s) | wall vs bare | CPU (s) | CPU vs bare | renders | delivered I (LUFS) | delivered TP (dBTP) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for input in $INPUTS; do
  bw=$(med "${wall[$input/B]}")
  bc_=$(med "${cpu[$input/B]}")
  for side in B A C D P; do
    [[ " $SIDES " == *" $side "* ]] || continue
    w=$(med "${wall[$input/$side]}")
    c=$(med "${cpu[$input/$side]}")
    ip="-"
    [ -n "${inproc[$input/$side]:-}" ] && ip=$(med "${inproc[$input/$side]}" | awk '{printf "%.1f", $1/1000}')
    read -r li lt < <(loudness "$work/$input-$side.mp3")
    renders=$(sed -n 's/.*renders=\([0-9]*\).*/\1/p' "$work/$input-$side.txt")
    name=$(case $side in A) echo "OpenLoa TWO_PASS_LOUDNORM";; B) echo "bare ffmpeg two-pass loudnorm";; C) echo "OpenLoa MEASURE_GAIN_LIMIT (default)";; D) echo "OpenLoa MEASURE_GAIN_LIMIT without the limiter trial";; P) echo "OpenLoa default, the other build (BEFORE)";; esac)
    printf '| %s | %s | %.1f | %s | %.2fx | %.1f | %.2fx | %s | %s | %s |\n' "$input" "$name" "$w" "$ip" \
      "$(echo "$w / $bw" | bc -l)" "$c" "$(echo "$c / $bc_" | bc -l)" "${renders:--}" "$li" "$lt"
  done
done

# --- memory: one hour of MP3 ------------------------------------------------------------------
[ "$HOUR" -gt 0 ] || { echo; echo "Machine: $(nproc) cores; load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }
echo
echo "### Memory while ingesting a $((HOUR / 60))-minute stereo MP3 (128 kbit/s, $(du -m "$work/hour.mp3" | cut -f1) MB)"
echo
echo "| JVM heap setting | wall (s) | peak heap used (MXBean, MB) | largest heap after a GC (MB) | peak RSS of the JVM (MB) |"
echo "|---|---|---|---|---|"
for heap in default -Xmx32m; do
  opts=(-Xlog:gc:file="$work/gc-$heap.log")
  [ "$heap" != default ] && opts+=("$heap")
  start=$(now)
  java "${opts[@]}" -cp "$cp" org.openloa.media.audio.IngestTool "$work/hour.mp3" "$work/hour-out.mp3" > "$work/hour-$heap.txt" &
  pid=$!
  peak_rss=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak_rss" ] && peak_rss=$rss
    sleep 0.5
  done
  wait "$pid"
  end=$(now)
  peak_heap=$(sed -n 's/.*peak_heap_mb=\([0-9.]*\).*/\1/p' "$work/hour-$heap.txt")
  # No line at all means the heap never filled up enough for a collection.
  after_gc=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc-$heap.log" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1 || true)
  gcs=$(grep -c 'Pause' "$work/gc-$heap.log" || true)
  printf '| %s | %.0f | %s | %s (%s collections) | %d |\n' "$heap" "$(echo "$end - $start" | bc -l)" "$peak_heap" \
    "${after_gc:-none}" "$gcs" $((peak_rss / 1024))
  echo "hour ($heap): $(cat "$work/hour-$heap.txt")" >&2
done

echo
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(ffmpeg -version | head -1 | cut -d' ' -f1-3); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
