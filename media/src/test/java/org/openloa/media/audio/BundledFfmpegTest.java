package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openloa.media.audio.AudioFixtures.Format;

/**
 * A fresh machine with nothing but Java: the static ffmpeg 4.4 from JAVE's jar, no ffprobe, and no
 * Debian tool even to make the fixtures (the bundled ffmpeg makes them itself).
 */
class BundledFfmpegTest {

    @TempDir
    static Path fixturesDir;

    static AudioFixtures fixtures;
    static AudioIngest ingest;

    @TempDir
    Path out;

    @BeforeAll
    static void bundledOnly() throws IOException {
        Ffmpeg bundled = Ffmpeg.bundled();
        fixtures = new AudioFixtures(fixturesDir, bundled.executable(), bundled.executable());
        ingest = new AudioIngest(bundled, IngestSettings.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(
            value = Format.class,
            names = {"MP3_VBR", "M4A_AAC", "WEBM_OPUS", "THREE_GP_AMR"})
    void bundledFfmpegIngestsToTargetWithoutFfprobe(Format format) throws Exception {
        IngestResult result = ingest.ingest(fixtures.in(format), out.resolve("d.mp3"), ProgressListener.NONE);

        assertThat(result.after().integratedLufs()).isCloseTo(-16, within(1.0));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(result.durationMs()).isCloseTo(4_000, within(100L));
        assertThat(result.channels()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = Refusal.class,
            names = {"NOT_AUDIO", "TRUNCATED", "NO_AUDIO_STREAM"})
    void bundledFfmpegRefusesBadUploadsLikeTheSystemOne(Refusal reason) throws Exception {
        Path upload = switch (reason) {
            case NOT_AUDIO -> fixtures.pngNamedMp3();
            case TRUNCATED -> fixtures.truncatedMp3();
            default -> fixtures.videoWithoutAudio();
        };

        assertThatThrownBy(() -> ingest.ingest(upload, out.resolve("d.mp3"), ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
