package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/** Parsing ffmpeg -i and ffprobe output as 4.4 and 5.1 print it, and deciding from it. */
class ProbingTest {

    @Test
    void readsAnMp4AudioStreamWithIdsAndLanguageAsFfmpegFivePrintsIt() throws Exception {
        Probing.Container c = Probing.parseFfmpegInput(StderrLog.of("""
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input':
                  Metadata:
                    major_brand     : M4A
                    encoder         : Lavf59.27.100
                  Duration: 00:01:02.50, start: 0.000000, bitrate: 130 kb/s
                  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 130 kb/s (default)
                    Metadata:
                      handler_name    : SoundHandler
                At least one output file must be specified
                """));

        AudioInfo info = Probing.classify(c, 1000);

        assertThat(info.container()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
        assertThat(info.codec()).isEqualTo("aac");
        assertThat(info.sampleRate()).isEqualTo(48_000);
        assertThat(info.channels()).isEqualTo(6);
        assertThat(info.duration())
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(62_500));
        assertThat(info.durationEstimated()).isFalse();
    }

    @Test
    void readsCountedChannelsAndAnEstimatedDurationAndIgnoresTheOutputSection() throws Exception {
        Probing.Container c = Probing.parseFfmpegInput(StderrLog.of("""
                [mp3 @ 0x1] Estimating duration from bitrate, this may be inaccurate
                Input #0, mp3, from 'input':
                  Duration: 00:00:04.50, start: 0.000000, bitrate: 61 kb/s
                  Stream #0:0: Audio: mp3, 22050 Hz, 3 channels, fltp, 61 kb/s
                  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc), 300x300, 90k tbr (attached pic)
                Stream mapping:
                  Stream #0:0 -> #0:0 (mp3 (mp3float) -> pcm_s16le (native))
                Output #0, s16le, to 'pipe:1':
                  Stream #0:0: Audio: pcm_s16le, 44100 Hz, mono, s16, 705 kb/s
                """));

        assertThat(c.streams()).hasSize(2);
        AudioInfo info = Probing.classify(c, 1000);
        assertThat(info.sampleRate()).isEqualTo(22_050);
        assertThat(info.channels()).isEqualTo(3);
        assertThat(info.durationEstimated()).isTrue();
    }

    @Test
    void aPictureIsNotAudioButAVideoWithoutSoundHasNoAudioStream() {
        Probing.Container png = Probing.parseFfmpegInput(StderrLog.of("""
                Input #0, png_pipe, from 'input':
                  Duration: N/A, bitrate: N/A
                  Stream #0:0: Video: png, rgb24(pc), 64x64 [SAR 1:1 DAR 1:1], 25 fps, 25 tbr, 25 tbn
                """));
        Probing.Container video = Probing.parseFfmpegInput(StderrLog.of("""
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input':
                  Duration: 00:00:02.00, start: 0.000000, bitrate: 62 kb/s
                  Stream #0:0[0x1](und): Video: mpeg4 (Simple Profile) (mp4v / 0x7634706D), yuv420p, 160x120, 10 fps
                """));

        assertThatThrownBy(() -> Probing.classify(png, 190))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.NOT_AUDIO));
        assertThatThrownBy(() -> Probing.classify(video, 10_000))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.NO_AUDIO_STREAM));
    }

    @Test
    void readsFfprobesFlatOutput() throws Exception {
        Probing.Container c = Probing.parseFlat("""
                streams.stream.0.codec_name="amr_nb"
                streams.stream.0.codec_type="audio"
                streams.stream.0.sample_rate="8000"
                streams.stream.0.channels=1
                format.format_name="mov,mp4,m4a,3gp,3g2,mj2"
                format.duration="4.000000"
                """, 0, StderrLog.of(""));

        AudioInfo info = Probing.classify(c, 7050);

        assertThat(info.codec()).isEqualTo("amr_nb");
        assertThat(info.sampleRate()).isEqualTo(8000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.duration())
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(4000));
    }

    @Test
    void unrecognisedBytesAreNotAudioAndAMissingMp4IndexIsTruncation() {
        Probing.Container garbage =
                Probing.parseFlat("", 1, StderrLog.of("input: Invalid data found when processing input"));
        Probing.Container cut = Probing.parseFlat("", 1, StderrLog.of("""
                [mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found
                input: Invalid data found when processing input
                """));

        assertThatThrownBy(() -> Probing.classify(garbage, 50_000))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.NOT_AUDIO));
        assertThatThrownBy(() -> Probing.classify(cut, 30_000))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.TRUNCATED));
    }
}
