#!/usr/bin/env bash
# The fresh emergency's audio: how long a 30-second Vietnamese warning takes from its text to the
# delivered file, split into espeak-ng and ingest, as the cms emergency service runs them (TTS, then
# AudioIngest with the default settings). Beside it, in the same run: bare ffmpeg doing two-pass
# loudnorm and the MP3 encode on the same WAV (the baseline), the fast path as it was before its
# limiter trial, and TWO_PASS_LOUDNORM. Medians of N runs, sides alternating. Prints Markdown.
#
#   bench/media/tts.sh            # 5 runs (about 2 minutes on a quiet 2-core machine)
#   RUNS=9 bench/media/tts.sh
#
# "warm" is the ingest as a running cms does it (JVM warm, encoder calibrated: IngestTool --warm times a
# second ingest); "cold" is a fresh JVM (start-up and calibration included).
# Needs Debian's ffmpeg and espeak-ng and a JDK 17.
set -euo pipefail

RUNS=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/openloa-bench-tts.XXXXXX)}
mkdir -p "$work"
echo "work folder: $work" >&2
for tool in ffmpeg espeak-ng java bc; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# CP=... runs given classes and skips the build (e.g. while bench/media/run.sh uses target/classes).
if [ -n "${CP:-}" ]; then
  cp=$CP
else
  (cd "$top" && ./mvnw -q -pl media -am compile >&2)
  (cd "$top" && ./mvnw -q -pl media -am dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/classpath.txt" >&2)
  cp="$top/media/target/classes:$(cat "$work/classpath.txt")"
fi

# About 30 s at espeak-ng's normal pace (175 words a minute), the time of issue first, as an
# emergency's TTS says it.
cat > "$work/warning.txt" <<'EOF'
Cảnh báo khẩn cấp, phát lúc mười bốn giờ ba mươi phút ngày bốn tháng mười hai. Bão số chín đang tiến vào vùng biển tỉnh ta, gió mạnh cấp mười, giật cấp mười hai. Ủy ban nhân dân xã đề nghị bà con không ra khơi, neo đậu tàu thuyền tại nơi an toàn, chằng chống nhà cửa, di chuyển người già và trẻ em đến nhà văn hóa thôn trước mười tám giờ hôm nay. Mọi thông tin cần hỗ trợ xin gọi ban chỉ huy phòng chống thiên tai xã. Các hộ ven sông chuẩn bị sẵn lương thực, nước uống và đèn pin, theo dõi loa truyền thanh để nhận thông báo tiếp theo.
EOF

now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }
# shellcheck source=recipes.sh
. "$here/recipes.sh" # bare(), the same two passes bench/media/run.sh calls bare ffmpeg, and median()
tool() { java -cp "$cp" org.openloa.media.audio.IngestTool "$@"; }
inproc() { sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p'; }
field_of() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

declare -A t
for run in $(seq 1 "$RUNS"); do
  start=$(now)
  espeak-ng -v vi -s 175 -b 1 -w "$work/warning.wav" --stdin < "$work/warning.txt"
  t[espeak]+="$(ms_since "$start") "
  start=$(now); bare "$work/warning.wav" "$work/bare.mp3" 2>> "$work/errors.log"; t[bare]+="$(ms_since "$start") "
  start=$(now); tool "$work/warning.wav" "$work/cold.mp3" > "$work/cold.txt"; t[cold]+="$(ms_since "$start") "
  tool --warm "$work/warning.wav" "$work/warm.mp3" > "$work/warm.txt"; t[warm]+="$(inproc < "$work/warm.txt") "
  tool --warm --no-limiter-trial "$work/warning.wav" "$work/before.mp3" > "$work/before.txt"
  t[before]+="$(inproc < "$work/before.txt") "
  tool --warm --strategy TWO_PASS_LOUDNORM "$work/warning.wav" "$work/loudnorm.mp3" > "$work/loudnorm.txt"
  t[loudnorm]+="$(inproc < "$work/loudnorm.txt") "
  echo "run $run: espeak $(echo "${t[espeak]}" | awk '{print $NF}') ms | $(tr '\n' ' ' < "$work/warm.txt")" >&2
done

med() { echo "${t[$1]}" | tr ' ' '\n' | grep . | median; }
seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/warning.wav")
bare_ms=$(med bare)
echo
echo "### A fresh ${seconds%.*}-second TTS warning: text to delivered file (medians of $RUNS, ms)"
echo
echo "| step | time (ms) | vs bare two-pass | renders | delivered I (LUFS) | delivered TP (dBTP) |"
echo "|---|---|---|---|---|---|"
row() { # label key file
  local ms; ms=$(med "$2")
  local renders="-" i="-" tp="-"
  if [ -n "$3" ]; then
    renders=$(field_of renders < "$work/$3.txt"); i=$(field_of out_lufs < "$work/$3.txt"); tp=$(field_of out_tp < "$work/$3.txt")
  fi
  printf '| %s | %s | %.2fx | %s | %s | %s |\n' "$1" "$ms" "$(echo "$ms / $bare_ms" | bc -l)" "$renders" "$i" "$tp"
}
printf '| espeak-ng, 30 s of speech to WAV | %s | - | - | - | - |\n' "$(med espeak)"
row "bare ffmpeg two-pass loudnorm + MP3 (baseline)" bare ""
row "OpenLoa ingest, default, warm (as in cms)" warm warm
row "OpenLoa ingest, default, fresh JVM" cold cold
row "OpenLoa ingest, fast path without the limiter trial, warm" before before
row "OpenLoa ingest, TWO_PASS_LOUDNORM, warm" loudnorm loudnorm
echo
echo "Machine: $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3), $(espeak-ng --version | cut -d' ' -f1-2); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
