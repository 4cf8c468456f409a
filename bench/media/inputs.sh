# The inputs bench/media/run.sh and passes.sh measure, made in $work at $LENGTH seconds when missing (sourced).
# A tone with a little pink noise and a slow swell: peaks ~8 dB above the loudness, so loudnorm stays
# in its linear mode (more noise and it would not: pink noise alone has ~15 dB), no retry is needed,
# both sides do the same work, and the difference is OpenLoa's own cost (JVM, probe, codec
# calibration, the verification decode with true peak and waveform, hash).
if [ ! -f "$work/tone-noise-10min.wav" ]; then
  ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i "sine=f=440:d=$LENGTH:r=44100" \
    -f lavfi -i "anoisesrc=d=$LENGTH:c=pink:a=0.05:seed=7:r=44100" \
    -filter_complex "[0][1]amix=inputs=2,tremolo=f=0.2:d=0.5,volume=-6dB" -ac 2 -c:a pcm_s16le "$work/tone-noise-10min.wav"
fi
# A Vietnamese bulletin read by espeak-ng, repeated to 10 minutes: speech peaks stand ~18 dB above
# its loudness, so reaching -16 LUFS under the -1.5 dBTP ceiling takes limiting.
if [ ! -f "$work/speech-10min.wav" ]; then
  text="Thông báo của Ủy ban nhân dân xã về lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi, bắt đầu từ ngày mười lăm tháng này tại trạm y tế xã. Đề nghị các gia đình đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng. "
  for _ in $(seq 1 60); do printf '%s' "$text"; done | espeak-ng -v vi -s 150 -b 1 -w "$work/speech-raw.wav" --stdin
  ffmpeg -hide_banner -nostdin -v error -y -stream_loop -1 -i "$work/speech-raw.wav" -t "$LENGTH" -ar 44100 -ac 2 \
    -c:a pcm_s16le "$work/speech-10min.wav"
fi
# A synthetic band, 44.1 kHz stereo: a chord, a kick drum every half second, a noise hi-hat between
# (the corpus test's music). About -19 LUFS with peaks at -3 dBFS: the gain needs the limiter.
if [[ " $INPUTS " == *" music-10min "* ]] && [ ! -f "$work/music-10min.wav" ]; then
  chord="0.06*sin(2*PI*220*t)+0.05*sin(2*PI*277.18*t)+0.05*sin(2*PI*329.63*t)"
  kick="0.4*sin(2*PI*55*t)*exp(-12*mod(t,0.5))"
  hat="0.12*(2*random(0)-1)*exp(-40*mod(t+0.25,0.5))"
  ffmpeg -hide_banner -nostdin -v error -y -f lavfi \
    -i "aevalsrc=exprs='$chord+$kick+$hat|$chord+$kick-$hat':d=$LENGTH:s=44100" -c:a pcm_s16le "$work/music-10min.wav"
fi
