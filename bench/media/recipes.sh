# What the media benchmarks share (sourced): the bare-ffmpeg baseline, the loudness of a result, a median.

# Bare ffmpeg doing OpenLoa's work: the same filter graphs (mono downmix first, loudnorm with the same
# 0.5 dB of true-peak headroom), measured in a first pass, applied and encoded in a second.
bare() { # input output
  local json
  json=$(ffmpeg -hide_banner -nostdin -nostats -i "$1" -map 0:a:0 \
    -af "aformat=channel_layouts=mono,loudnorm=I=-16:TP=-2:LRA=11:print_format=json" -f null - 2>&1 | tail -n 12)
  field() { printf '%s\n' "$json" | sed -n "s/.*\"$1\" : \"\(.*\)\".*/\1/p"; }
  ffmpeg -hide_banner -nostdin -nostats -v error -y -i "$1" -map 0:a:0 \
    -af "aformat=channel_layouts=mono,loudnorm=I=-16:TP=-2:LRA=11:measured_I=$(field input_i):measured_TP=$(field input_tp):measured_LRA=$(field input_lra):measured_thresh=$(field input_thresh):offset=$(field target_offset):linear=true" \
    -c:a libmp3lame -b:a 64k -ar 44100 -ac 1 -map_metadata -1 -f mp3 "$2"
}

loudness() { # file -> "I TP"
  ffmpeg -hide_banner -nostdin -nostats -i "$1" -af ebur128=peak=true:framelog=verbose -f null - 2>&1 |
    awk '/ I:/ {i=$2} /Peak:/ {p=$2} END {print i, p}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
