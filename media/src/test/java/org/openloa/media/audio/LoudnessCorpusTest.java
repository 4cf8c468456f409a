package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openloa.media.audio.AudioFixtures.Format;
import org.openloa.media.tts.SpeechRequest;
import org.openloa.media.tts.TextToSpeech;
import org.openloa.testing.RequiredTools;

/**
 * The default ingest (the fast path, {@link NormalisationStrategy#MEASURE_GAIN_LIMIT}) over the test
 * corpus: every kind of content it meets delivers −16 LUFS ±0.5 LU with its true peak under −1.5 dBTP,
 * without falling back to loudnorm, and encoded once. The delivered file is judged by ffmpeg's ebur128
 * run here, apart from the ingest, and read here: not by the ingest's own measurement or parser.
 */
class LoudnessCorpusTest {

    static final double TARGET_LUFS = -16.0;
    static final double TOLERANCE_LU = 0.5;
    static final double CEILING_DBTP = -1.5;

    @TempDir
    static Path fixturesDir;

    static AudioFixtures fixtures;
    static Path systemFfmpeg;
    /* One instance, as cms has: the encoder is calibrated once. */
    static AudioIngest ingest;

    @TempDir
    Path out;

    @BeforeAll
    static void tools() throws IOException {
        systemFfmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        RequiredTools.require("ffprobe", "ffmpeg");
        RequiredTools.require("espeak-ng", "espeak-ng");
        fixtures = new AudioFixtures(fixturesDir, systemFfmpeg, Ffmpeg.bundled().executable());
        ingest = new AudioIngest(Ffmpeg.locate(), IngestSettings.DEFAULT);
    }

    /** A source of corpus content, made on first use. */
    @FunctionalInterface
    interface Content {
        Path make() throws IOException;
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("tone and pink noise (WAV)", (Content) () -> fixtures.in(Format.WAV)),
                Arguments.of(
                        "tone and pink noise (phone AMR, 8 kHz)", (Content) () -> fixtures.in(Format.THREE_GP_AMR)),
                Arguments.of(
                        "espeak-ng Vietnamese speech, as an emergency's TTS", (Content) LoudnessCorpusTest::speech),
                Arguments.of("a band: chord, kick drum, hi-hat", (Content) () -> fixtures.music()),
                Arguments.of("the band mastered hot, to be turned down", (Content) () -> fixtures.hotMaster()),
                Arguments.of("a quiet start, then loud", (Content) () -> fixtures.quietThenLoud()),
                Arguments.of("a recording far from the phone (−45 LUFS)", (Content) () -> fixtures.quiet()),
                Arguments.of("a clipped recording", (Content) () -> fixtures.clipped()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theFastPathDeliversTheTargetOnEveryKindOfContentEncodedOnce(String what, Content content) throws Exception {
        Path delivered = out.resolve("delivered.mp3");

        IngestResult result = ingest.ingest(content.make(), delivered, ProgressListener.NONE);

        double[] measured = ebur128(delivered);
        assertThat(measured[0])
                .as("integrated loudness of %s, by ffmpeg ebur128", what)
                .isBetween(TARGET_LUFS - TOLERANCE_LU, TARGET_LUFS + TOLERANCE_LU);
        assertThat(measured[1]).as("true peak of %s, by ffmpeg ebur128", what).isLessThanOrEqualTo(CEILING_DBTP);
        assertThat(result.strategy()).as("no fallback to loudnorm").isEqualTo(NormalisationStrategy.MEASURE_GAIN_LIMIT);
        assertThat(result.renders()).as("encoded once").isEqualTo(1);
    }

    /** About 20 s of an emergency warning read by espeak-ng, as the emergency's TTS makes it. */
    static Path speech() throws IOException {
        Path wav = fixturesDir.resolve("speech.wav");
        if (!wav.toFile().exists()) {
            TextToSpeech.espeakNg()
                    .synthesise(
                            new SpeechRequest(
                                    "Cảnh báo khẩn cấp, phát lúc mười bốn giờ ba mươi phút. Bão số chín đang tiến vào"
                                            + " vùng biển tỉnh ta, gió mạnh cấp mười, giật cấp mười hai. Ủy ban nhân dân xã"
                                            + " đề nghị bà con không ra khơi, neo đậu tàu thuyền tại nơi an toàn, chằng"
                                            + " chống nhà cửa, di chuyển người già và trẻ em đến nhà văn hóa thôn.",
                                    "vi",
                                    SpeechRequest.NORMAL_RATE),
                            wav);
        }
        return wav;
    }

    private static final Pattern INTEGRATED = Pattern.compile("^\\s*I:\\s+(-?[0-9.]+) LUFS");
    private static final Pattern TRUE_PEAK = Pattern.compile("^\\s*Peak:\\s+(-?[0-9.]+) dBFS");

    /** Integrated loudness and true peak of {@code file}, as ffmpeg's ebur128 filter prints them at its end. */
    static double[] ebur128(Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                systemFfmpeg.toString(),
                "-hide_banner",
                "-nostdin",
                "-nostats",
                "-i",
                file.toString(),
                "-af",
                "ebur128=peak=true",
                "-f",
                "null",
                "-"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        String summary = output.substring(output.lastIndexOf("Summary:"));
        Double integrated = null;
        Double peak = null;
        for (String line : summary.lines().toList()) {
            Matcher m = INTEGRATED.matcher(line);
            if (integrated == null && m.find()) {
                integrated = Double.parseDouble(m.group(1));
            }
            m = TRUE_PEAK.matcher(line);
            if (peak == null && m.find()) {
                peak = Double.parseDouble(m.group(1));
            }
        }
        assertThat(integrated).as(summary).isNotNull();
        assertThat(peak).as(summary).isNotNull();
        return new double[] {integrated, peak};
    }
}
