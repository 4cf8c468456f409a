#!/usr/bin/env bash
# What each ffmpeg pass of the ingest costs, alone, on the same inputs as bench/media/run.sh: so that an
# idea for a faster ingest (fold a pass into another, drop true peak from the first pass, split the limiter
# trial over both cores, a faster encoder setting) is measured before it is made. CPU seconds (user +
# system) and wall seconds, medians of N runs, the bare two-pass recipe's passes beside them.
# Prints Markdown for docs/benchmarks.md.
#
#   bench/media/passes.sh                       # 10-minute speech, 3 runs
#   INPUTS="speech-10min music-10min" LENGTH=120 RUNS=1 bench/media/passes.sh
#
# Needs Debian's ffmpeg and espeak-ng.
set -euo pipefail

RUNS=${RUNS:-3}
LENGTH=${LENGTH:-600}
INPUTS=${INPUTS:-speech-10min} # or tone-noise-10min, music-10min (the names run.sh gives them, whatever LENGTH)
work=${WORK:-$(mktemp -d /tmp/openloa-bench-passes.XXXXXX)}
mkdir -p "$work"
echo "work folder: $work" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=inputs.sh
. "$here/inputs.sh" # the inputs of bench/media/run.sh

ff=(ffmpeg -hide_banner -nostdin -nostats -v error)
mono="aformat=channel_layouts=mono"
limiter="volume=3dB,alimiter=limit=0.7079:level=0" # a gain and the limiter at the render's ceiling
lame=(-c:a libmp3lame -b:a 64k -ar 44100 -ac 1 -map_metadata -1 -f mp3)
trial() { # branches: the limiter trial's graph with that many gain-plus-limiter branches
  local g="[0:a:0]$mono,asplit=$1" outs=() i
  for ((i = 0; i < $1; i++)); do g+="[s$i]"; done
  for ((i = 0; i < $1; i++)); do g+=";[s$i]volume=$((2 + i))dB,alimiter=limit=0.7079:level=0,ebur128=framelog=verbose[t$i]"; outs+=(-map "[t$i]" -f null -); done
  "${ff[@]}" -i "$2" -filter_complex "$g" "${outs[@]}"
}
pass() { # name input
  local in=$2
  case $1 in
    jvm) java -version ;;
    ffmpeg-start) "${ff[@]}" -f lavfi -i anullsrc=d=0.1 -f null - ;;
    decode) "${ff[@]}" -i "$in" -map 0:a:0 -af "$mono" -f null - ;;
    decode-mp3) "${ff[@]}" -i "$work/$input-q.mp3" -map 0:a:0 -f null - ;;
    measure-true-peak) "${ff[@]}" -i "$in" -map 0:a:0 -af "$mono,ebur128=peak=true:framelog=verbose" -f null - ;;
    measure-sample-peak) "${ff[@]}" -i "$in" -map 0:a:0 -af "$mono,ebur128=peak=sample:framelog=verbose" -f null - ;;
    trial-5-branches) trial 5 "$in" ;;
    trial-3-branches) trial 3 "$in" ;;
    trial-2-branches) trial 2 "$in" ;;
    render-lame-default) "${ff[@]}" -y -i "$in" -map 0:a:0 -af "$mono,$limiter" "${lame[@]}" "$work/$input-q.mp3" ;;
    render-lame-q5) "${ff[@]}" -y -i "$in" -map 0:a:0 -af "$mono,$limiter" "${lame[@]}" -compression_level 5 "$work/$input-q5.mp3" ;;
    render-lame-q7) "${ff[@]}" -y -i "$in" -map 0:a:0 -af "$mono,$limiter" "${lame[@]}" -compression_level 7 "$work/$input-q7.mp3" ;;
    verify) "${ff[@]}" -i "$work/$input-q.mp3" -map 0:a:0 -af "ebur128=peak=true:framelog=verbose,aformat=sample_fmts=s16:channel_layouts=mono" -ar 44100 -f s16le - ;;
    bare-pass-1) "${ff[@]}" -i "$in" -map 0:a:0 -af "$mono,loudnorm=I=-16:TP=-2:LRA=11:print_format=json" -f null - ;;
    bare-pass-2) "${ff[@]}" -y -i "$in" -map 0:a:0 -af "$mono,loudnorm=I=-16:TP=-2:LRA=11:measured_I=-18:measured_TP=-0.5:measured_LRA=5:measured_thresh=-28:offset=0:linear=true" "${lame[@]}" "$work/$input-bare.mp3" ;;
  esac
}
PASSES=${PASSES:-"jvm ffmpeg-start decode measure-true-peak measure-sample-peak trial-5-branches trial-3-branches trial-2-branches render-lame-default render-lame-q5 render-lame-q7 decode-mp3 verify bare-pass-1 bare-pass-2"}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
TIMEFORMAT='%R %U %S'
declare -A wall cpu
for input in $INPUTS; do
  for run in $(seq 1 "$RUNS"); do
    for p in $PASSES; do
      times=$( { time pass "$p" "$work/$input.wav" > /dev/null 2>> "$work/errors.log"; } 2>&1 )
      read -r real user sys <<< "$times"
      wall[$input/$p]+="$real "
      cpu[$input/$p]+="$(echo "$user + $sys" | bc -l) "
      echo "$input run $run $p: wall ${real}s cpu $(echo "$user + $sys" | bc -l)s" >&2
    done
  done
done

med() { echo "$1" | tr ' ' '\n' | grep . | median; }
echo
echo "### The ingest's passes alone, $((LENGTH / 60)) min of stereo 44.1 kHz WAV (medians of $RUNS)"
echo
echo "| input | pass | CPU (s) | wall (s) | CPU vs bare two-pass |"
echo "|---|---|---|---|---|"
for input in $INPUTS; do
  bare=$(echo "$(med "${cpu[$input/bare-pass-1]:-0}") + $(med "${cpu[$input/bare-pass-2]:-0}")" | bc -l)
  for p in $PASSES; do
    c=$(med "${cpu[$input/$p]}")
    ratio=$( [ "$(echo "$bare > 0" | bc)" = 1 ] && printf '%.2fx' "$(echo "$c / $bare" | bc -l)" || echo -)
    printf '| %s | %s | %.2f | %.2f | %s |\n' "$input" "$p" "$c" "$(med "${wall[$input/$p]}")" "$ratio"
  done
done
echo
echo "Machine: $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
