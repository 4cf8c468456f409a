package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openloa.media.Sha256;
import org.openloa.media.audio.AudioFixtures.Format;
import org.openloa.media.tts.SpeechRequest;
import org.openloa.media.tts.TextToSpeech;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/** The whole ingest with Debian's ffmpeg 5.1 and ffprobe, as a production server runs it. */
class AudioIngestTest {

    static final double TARGET = -16.0;

    @TempDir
    static Path fixturesDir;

    static AudioFixtures fixtures;
    static Ffmpeg ffmpeg;

    @TempDir
    Path out;

    @BeforeAll
    static void tools() throws IOException {
        Path system = RequiredTools.require("ffmpeg", "ffmpeg");
        RequiredTools.require("ffprobe", "ffmpeg");
        ffmpeg = Ffmpeg.locate();
        fixtures = new AudioFixtures(fixturesDir, system, Ffmpeg.bundled().executable());
    }

    static AudioIngest ingest(NormalisationStrategy strategy) {
        return new AudioIngest(ffmpeg, IngestSettings.DEFAULT.withStrategy(strategy));
    }

    static Stream<Arguments> everyFormatWithEveryStrategy() {
        return Stream.of(Format.values())
                .flatMap(format ->
                        Stream.of(NormalisationStrategy.values()).map(strategy -> Arguments.of(format, strategy)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyFormatWithEveryStrategy")
    void everyAcceptedFormatEndsWithinOneLuOfTargetAsMonoMp3(Format format, NormalisationStrategy strategy)
            throws Exception {
        Path upload = fixtures.in(format);

        IngestResult result = ingest(strategy).ingest(upload, out.resolve("delivered.mp3"), ProgressListener.NONE);

        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(result.sampleRate()).isEqualTo(44_100);
        assertThat(result.channels()).isEqualTo(1);
        assertThat(result.durationMs()).isCloseTo(4_000, within(100L));
        assertThat(result.source().duration())
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isCloseTo(4_000, within(100L)));
    }

    @ParameterizedTest
    @EnumSource(NormalisationStrategy.class)
    void quietRecordingEndsWithinHalfAnLuOfTarget(NormalisationStrategy strategy) throws Exception {
        IngestResult result = ingest(strategy).ingest(fixtures.quiet(), out.resolve("q.mp3"), ProgressListener.NONE);

        assertThat(result.before().integratedLufs()).isCloseTo(-45, within(1.0));
        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
    }

    @Test
    void theDefaultIsTheFastPathAndTheResultSaysSo() throws Exception {
        IngestResult result = new AudioIngest(ffmpeg, IngestSettings.DEFAULT)
                .ingest(fixtures.in(Format.WAV), out.resolve("d.mp3"), ProgressListener.NONE);

        assertThat(IngestSettings.DEFAULT.strategy()).isEqualTo(NormalisationStrategy.MEASURE_GAIN_LIMIT);
        assertThat(result.strategy()).isEqualTo(NormalisationStrategy.MEASURE_GAIN_LIMIT);
        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
    }

    /*
     * Speech needs the fast path's limiter trial or its corrections: the limiter takes loudness away
     * with the peaks. Allowed neither, the fast path misses (judged from the delivered file's
     * measurement), and loudnorm (with its own corrections) has to deliver.
     */
    @Test
    void whereTheFastPathMissesLoudnormRendersWithinTargetAndTheResultSaysSo() throws Exception {
        RequiredTools.require("espeak-ng", "espeak-ng");
        Path speech = out.resolve("speech.wav");
        TextToSpeech.espeakNg()
                .synthesise(
                        new SpeechRequest(
                                "Thông báo của Ủy ban nhân dân xã về lịch tiêm chủng mở rộng cho trẻ em dưới năm"
                                        + " tuổi, bắt đầu từ ngày mười lăm tháng này tại trạm y tế xã.",
                                "vi",
                                150),
                        speech);
        Path delivered = out.resolve("speech.mp3");

        IngestResult result = new AudioIngest(ffmpeg, IngestSettings.DEFAULT, 0, false)
                .ingest(speech, delivered, ProgressListener.NONE);

        assertThat(result.strategy()).isEqualTo(NormalisationStrategy.TWO_PASS_LOUDNORM);
        assertThat(result.renders()).isGreaterThan(1); // the fast path's render, then loudnorm's
        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(result.sha256()).isEqualTo(Sha256.of(delivered));
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("speech.wav", "speech.mp3");
        }
    }

    @ParameterizedTest
    @EnumSource(NormalisationStrategy.class)
    void clippedRecordingIsBroughtDownToTargetWithPeaksUnderTheCeiling(NormalisationStrategy strategy)
            throws Exception {
        IngestResult result = ingest(strategy).ingest(fixtures.clipped(), out.resolve("c.mp3"), ProgressListener.NONE);

        assertThat(result.before().truePeakDbtp()).isGreaterThan(-0.5);
        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
    }

    @Test
    void resultDescribesTheDeliveredFileExactly() throws Exception {
        Path delivered = out.resolve("bulletin.mp3");

        IngestResult result = ingest(NormalisationStrategy.TWO_PASS_LOUDNORM)
                .ingest(fixtures.in(Format.WAV), delivered, ProgressListener.NONE);

        assertThat(result.file()).isEqualTo(delivered);
        assertThat(result.sha256()).isEqualTo(Sha256.of(delivered)).hasSize(64);
        assertThat(result.sizeBytes()).isEqualTo(Files.size(delivered));
        // 64 kbit/s for 4 s is 32 kB, give or take a frame and the Info header
        assertThat(result.sizeBytes()).isBetween(31_000L, 34_500L);
        assertThat(result.format()).isEqualTo(DeliveryFormat.DEFAULT);
        assertThat(result.source().codec()).isEqualTo("pcm_s16le");
        assertThat(result.source().channels()).isEqualTo(2);
        assertThat(result.source().sampleRate()).isEqualTo(44_100);
        assertThat(result.waveform().size()).isEqualTo(1000);
        for (float peak : result.waveform().peaks()) {
            assertThat(peak).isBetween(0f, 1f);
        }
        assertThat(result.waveform().maxima()[500]).isGreaterThan(0.05f); // the middle of a noisy tone is not silent
        // nothing else is left beside the delivered file
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(delivered);
        }
    }

    @Test
    void theOriginalUploadIsLeftUntouched() throws Exception {
        Path upload = fixtures.in(Format.MP3_CBR);
        String before = Sha256.of(upload);
        long modified = Files.getLastModifiedTime(upload).toMillis();

        ingest(NormalisationStrategy.TWO_PASS_LOUDNORM).ingest(upload, out.resolve("d.mp3"), ProgressListener.NONE);

        assertThat(Sha256.of(upload)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(upload).toMillis()).isEqualTo(modified);
    }

    @Test
    void contentDecidesNotTheFileName() throws Exception {
        AudioInfo info = ingest(NormalisationStrategy.TWO_PASS_LOUDNORM).inspect(fixtures.mp3NamedWav());

        assertThat(info.container()).isEqualTo("mp3");
        assertThat(info.codec()).isEqualTo("mp3");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("an empty file", (Fixture) AudioFixtures::empty, Refusal.EMPTY),
                Arguments.of("a PNG named .mp3", (Fixture) AudioFixtures::pngNamedMp3, Refusal.NOT_AUDIO),
                Arguments.of("a text named .mp3", (Fixture) AudioFixtures::textNamedMp3, Refusal.NOT_AUDIO),
                Arguments.of("a zip named .mp3", (Fixture) AudioFixtures::zipNamedMp3, Refusal.NOT_AUDIO),
                Arguments.of("random bytes", (Fixture) AudioFixtures::randomBytes, Refusal.NOT_AUDIO),
                Arguments.of(
                        "a video without sound", (Fixture) AudioFixtures::videoWithoutAudio, Refusal.NO_AUDIO_STREAM),
                Arguments.of(
                        "a WAV in an unknown codec", (Fixture) AudioFixtures::unknownCodecWav, Refusal.UNDECODABLE),
                Arguments.of("a truncated MP3", (Fixture) AudioFixtures::truncatedMp3, Refusal.TRUNCATED),
                Arguments.of("an M4A cut before its index", (Fixture) AudioFixtures::truncatedM4a, Refusal.TRUNCATED),
                Arguments.of("digital silence", (Fixture) AudioFixtures::silence, Refusal.SILENT));
    }

    @FunctionalInterface
    interface Fixture {
        Path make(AudioFixtures fixtures) throws IOException;
    }

    @ParameterizedTest(name = "{0} is refused as {2}")
    @MethodSource("refusals")
    void badUploadsAreRefusedWithTheirReasonAndNothingIsWritten(String what, Fixture fixture, Refusal reason)
            throws Exception {
        Path upload = fixture.make(fixtures);

        assertThatThrownBy(() -> ingest(NormalisationStrategy.TWO_PASS_LOUDNORM)
                        .ingest(upload, out.resolve("d.mp3"), ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} is refused as {2}")
    @MethodSource("refusals")
    void probingWithoutFfprobeRefusesTheSameWay(String what, Fixture fixture, Refusal reason) throws Exception {
        AudioIngest withoutFfprobe = new AudioIngest(ffmpeg.withoutFfprobe(), IngestSettings.DEFAULT);

        assertThatThrownBy(() ->
                        withoutFfprobe.ingest(fixture.make(fixtures), out.resolve("d.mp3"), ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void probingWithoutFfprobeDescribesAudioLikeFfprobe() throws Exception {
        for (Format format : Format.values()) {
            AudioInfo withProbe =
                    ingest(NormalisationStrategy.TWO_PASS_LOUDNORM).inspect(fixtures.in(format));
            AudioInfo withoutProbe =
                    new AudioIngest(ffmpeg.withoutFfprobe(), IngestSettings.DEFAULT).inspect(fixtures.in(format));

            assertThat(withoutProbe.codec()).as(format.name()).isEqualTo(withProbe.codec());
            assertThat(withoutProbe.sampleRate()).as(format.name()).isEqualTo(withProbe.sampleRate());
            assertThat(withoutProbe.channels()).as(format.name()).isEqualTo(withProbe.channels());
            assertThat(withoutProbe.duration().orElseThrow().toMillis())
                    .as(format.name())
                    .isCloseTo(withProbe.duration().orElseThrow().toMillis(), within(10L));
        }
    }

    @Test
    void uploadLongerThanTheMaximumIsRefusedAsTooLong() {
        AudioIngest shortOnly = new AudioIngest(ffmpeg, IngestSettings.DEFAULT.withMaxDuration(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> shortOnly.inspect(fixtures.in(Format.MP3_CBR)))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.TOO_LONG));
    }

    @Test
    void uploadWithoutTrustworthyDurationIsRefusedAsTooLongOnceDecoded() throws Exception {
        // A raw ADTS AAC stream states no duration: only decoding shows how long it is.
        Path adts = out.resolve("stream.aac");
        new ProcessBuilder(
                        ffmpeg.executable().toString(),
                        "-v",
                        "error",
                        "-i",
                        fixtures.in(Format.WAV).toString(),
                        "-c:a",
                        "aac",
                        "-f",
                        "adts",
                        adts.toString())
                .start()
                .waitFor();
        AudioIngest shortOnly = new AudioIngest(ffmpeg, IngestSettings.DEFAULT.withMaxDuration(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> shortOnly.ingest(adts, out.resolve("d.mp3"), ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        AudioRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.TOO_LONG));
        assertThat(out.resolve("d.mp3")).doesNotExist();
    }

    @Test
    void progressRisesFromZeroToOneAndReportsOnTheWay() throws Exception {
        List<Double> reported = new CopyOnWriteArrayList<>();

        ingest(NormalisationStrategy.TWO_PASS_LOUDNORM)
                .ingest(fixtures.longer(60), out.resolve("d.mp3"), reported::add);

        assertThat(reported.get(0)).isZero();
        assertThat(reported.get(reported.size() - 1)).isEqualTo(1.0);
        assertThat(reported).isSorted().doesNotHaveDuplicates();
        assertThat(reported.stream().filter(p -> p > 0 && p < 1)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void cancellingAnIngestStopsFfmpegAndWritesNothing() throws Exception {
        Path upload = fixtures.longer(60);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                ingest(NormalisationStrategy.TWO_PASS_LOUDNORM).ingest(upload, out.resolve("d.mp3"), p -> {
                    if (p > 0) {
                        started.countDown();
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).as("progress reported").isTrue();

        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).as("ingest still running after interrupt").isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
        // Only ffmpeg reading the upload counts (through its link in an openloa-ingest- folder): the encoder
        // calibration started beside the first pass reads generated noise, is shared by the instance and ends
        // by itself.
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(p -> p.info().command().orElse("").contains("ffmpeg")
                                && String.join(" ", p.info().arguments().orElse(new String[0]))
                                        .contains("openloa-ingest-")))
                .as("ffmpeg processes left running on the upload")
                .isEmpty();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    static Stream<DeliveryFormat> otherDeliveryFormats() {
        return Stream.of(
                new DeliveryFormat(DeliveryFormat.Codec.MP3, 1, 22_050, 48),
                new DeliveryFormat(DeliveryFormat.Codec.OPUS, 1, 48_000, 32),
                new DeliveryFormat(DeliveryFormat.Codec.AAC, 2, 44_100, 96));
    }

    @ParameterizedTest
    @MethodSource("otherDeliveryFormats")
    void otherDeliveryFormatsAreEncodedAsConfiguredAndReachTheTarget(DeliveryFormat format) throws Exception {
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT.withDelivery(format));
        Path delivered = out.resolve("d." + format.codec().extension());

        IngestResult result = ingest.ingest(fixtures.in(Format.FLAC), delivered, ProgressListener.NONE);

        assertThat(result.sampleRate()).isEqualTo(format.sampleRate());
        assertThat(result.channels()).isEqualTo(format.channels());
        assertThat(result.after().integratedLufs()).isCloseTo(TARGET, within(1.0));
        assertThat(ingest.inspect(delivered).codec())
                .isEqualTo(
                        switch (format.codec()) {
                            case MP3 -> "mp3";
                            case OPUS -> "opus";
                            case AAC -> "aac";
                        });
    }

    @Test
    void aDifferentLoudnessTargetIsReached() throws Exception {
        AudioIngest ebu = new AudioIngest(ffmpeg, IngestSettings.DEFAULT.withLoudness(new LoudnessTarget(-23, -2, 11)));

        IngestResult result = ebu.ingest(fixtures.in(Format.OGG_VORBIS), out.resolve("d.mp3"), ProgressListener.NONE);

        assertThat(result.after().integratedLufs()).isCloseTo(-23, within(1.0));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-2);
    }

    // ---------------------------------------------------------------- an upload ingested as it arrives

    /*
     * Every accepted format, the MP4 family included (an index at the end cannot be read through a pipe:
     * those are measured from the file once it is complete). Same measurement, same delivered bytes.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void anUploadIngestedAsItArrivesIsDeliveredAsFromItsFile(Format format) throws Exception {
        Path upload = fixtures.in(format);
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        IngestResult fromFile = ingest.ingest(upload, out.resolve("file.mp3"), ProgressListener.NONE);
        Path received = out.resolve("received");

        IngestResult streamed;
        try (InputStream arriving = arriving(upload, -1)) {
            streamed = ingest.ingest(arriving, received, out.resolve("stream.mp3"), ProgressListener.NONE);
        }

        assertThat(received).hasSameBinaryContentAs(upload);
        assertThat(streamed.before()).isEqualTo(fromFile.before());
        assertThat(streamed.after()).isEqualTo(fromFile.after());
        assertThat(streamed.sha256()).isEqualTo(fromFile.sha256()).isEqualTo(Sha256.of(out.resolve("stream.mp3")));
        assertThat(streamed.renders()).isEqualTo(fromFile.renders()).isEqualTo(1);
        assertThat(streamed.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(streamed.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
    }

    /*
     * Speech over half a minute long: its gain needs the limiter, and the limiter trial runs while the upload
     * arrives, at gains from the loudness of its first half minute. The render lands as from the file, once.
     */
    @Test
    void longSpeechIsTriedWhileItArrivesAndEncodedOnce() throws Exception {
        Path speech = speech();
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        IngestResult fromFile = ingest.ingest(speech, out.resolve("file.mp3"), ProgressListener.NONE);

        IngestResult streamed;
        try (InputStream arriving = arriving(speech, -1)) {
            streamed =
                    ingest.ingest(arriving, out.resolve("received"), out.resolve("stream.mp3"), ProgressListener.NONE);
        }

        assertThat(streamed.before()).isEqualTo(fromFile.before());
        assertThat(streamed.renders()).isEqualTo(1);
        assertThat(streamed.strategy()).isEqualTo(NormalisationStrategy.MEASURE_GAIN_LIMIT);
        assertThat(streamed.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(streamed.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(streamed.durationMs()).isCloseTo(fromFile.durationMs(), within(50L));
    }

    /** The client goes away halfway through: every ffmpeg of the ingest is stopped, and no file is left. */
    @Test
    void anUploadCutOffMidwayStopsItsFfmpegAndLeavesNothing() throws Exception {
        Path speech = speech();
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        // A whole one first, so that the encoder calibration the instance starts with is over: every ffmpeg
        // running after this is the cut-off upload's.
        try (InputStream whole = arriving(fixtures.in(Format.WAV), -1)) {
            ingest.ingest(whole, out.resolve("r0"), out.resolve("d0.mp3"), ProgressListener.NONE);
        }
        Files.delete(out.resolve("r0"));
        Files.delete(out.resolve("d0.mp3"));
        Path received = out.resolve("received");
        Path delivered = out.resolve("delivered.mp3");

        try (InputStream cut = arriving(speech, Files.size(speech) * 3 / 4)) {
            assertThatThrownBy(() -> ingest.ingest(cut, received, delivered, ProgressListener.NONE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the client went away");
        }

        // Killed ones are reaped by the threads that ran them, a moment after the kill.
        noFfmpegRunningAndNothingLeft();
    }

    /*
     * A steady tone a plain gain brings to the target: its render starts while it arrives, half a minute in, and
     * ends with the upload. The upload's last bytes are held back until the early render's file is there, so the
     * test fails where the render would only start after the last byte.
     */
    @Test
    void aSteadyUploadIsRenderedWhileItArrives() throws Exception {
        Path tone = fixtures.steadyTone(50, 0);
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        IngestResult fromFile = ingest.ingest(tone, out.resolve("file.mp3"), ProgressListener.NONE);
        Files.delete(out.resolve("file.mp3"));
        Path received = out.resolve("received");
        Path delivered = out.resolve("stream.mp3");

        IngestResult streamed = ingestedWithAnEarlyRender(ingest, tone);

        assertThat(received).hasSameBinaryContentAs(tone);
        assertThat(streamed.before()).isEqualTo(fromFile.before());
        assertThat(streamed.renders()).isEqualTo(1);
        assertThat(streamed.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(streamed.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(streamed.durationMs()).isCloseTo(fromFile.durationMs(), within(50L));
        assertThat(streamed.sha256()).isEqualTo(Sha256.of(delivered));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactlyInAnyOrder(received, delivered);
        }
    }

    /*
     * Speech needs the limiter: its early render takes gain and limiter from a trial of the half minute measured so
     * far, and the delivered file is what a render after the last byte would give, within the target.
     */
    @Test
    void longSpeechIsRenderedWhileItArrives() throws Exception {
        Path speech = speech();
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        IngestResult fromFile = ingest.ingest(speech, out.resolve("file.mp3"), ProgressListener.NONE);
        Files.delete(out.resolve("file.mp3"));

        IngestResult streamed = ingestedWithAnEarlyRender(ingest, speech);

        assertThat(streamed.before()).isEqualTo(fromFile.before());
        assertThat(streamed.renders()).isEqualTo(1);
        assertThat(streamed.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        assertThat(streamed.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
        assertThat(streamed.durationMs()).isCloseTo(fromFile.durationMs(), within(50L));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactlyInAnyOrder(out.resolve("received"), out.resolve("stream.mp3"));
        }
    }

    /*
     * The tone turns 10 dB louder after the early render has started at the gain its first half minute called
     * for: that render is dropped and the whole measurement's gain is rendered, as from the file.
     */
    @Test
    void anUploadThatGetsLouderAfterTheEarlyRenderStartedIsRenderedForTheWhole() throws Exception {
        Path tone = fixtures.steadyTone(60, 36);
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        IngestResult fromFile = ingest.ingest(tone, out.resolve("file.mp3"), ProgressListener.NONE);
        IngestResult streamed = ingestedWithAnEarlyRender(ingest, tone);

        assertThat(streamed.after()).isEqualTo(fromFile.after());
        assertThat(streamed.sha256()).isEqualTo(fromFile.sha256());
        assertThat(streamed.after().integratedLufs()).isCloseTo(TARGET, within(0.5));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files)
                    .containsExactlyInAnyOrder(
                            out.resolve("file.mp3"), out.resolve("received"), out.resolve("stream.mp3"));
        }
    }

    /** The client goes away while the early render runs: it is stopped with the rest, and nothing is left. */
    @Test
    void anUploadCutOffWhileItsEarlyRenderRunsLeavesNothing() throws Exception {
        Path tone = fixtures.steadyTone(50, 0);
        AudioIngest ingest = new AudioIngest(ffmpeg, IngestSettings.DEFAULT);
        ingest.ingest(tone, out.resolve("file.mp3"), ProgressListener.NONE); // the encoder's calibration, over
        Files.delete(out.resolve("file.mp3"));

        HeldBack cut = new HeldBack(tone, out, true);
        try (cut) {
            assertThatThrownBy(() ->
                            ingest.ingest(cut, out.resolve("received"), out.resolve("d.mp3"), ProgressListener.NONE))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the client went away");
        }

        assertThat(cut.sawEarlyRender).isTrue();
        noFfmpegRunningAndNothingLeft();
    }

    private void noFfmpegRunningAndNothingLeft() throws IOException {
        Await.until(
                "no ffmpeg left running",
                () -> ProcessHandle.current()
                        .descendants()
                        .noneMatch(p -> p.info().command().orElse("").contains("ffmpeg")));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    /** Ingests {@code upload} as it arrives, its last bytes held back until an early render is under way. */
    private IngestResult ingestedWithAnEarlyRender(AudioIngest ingest, Path upload) throws Exception {
        HeldBack arriving = new HeldBack(upload, out, false);
        try (arriving) {
            IngestResult streamed =
                    ingest.ingest(arriving, out.resolve("received"), out.resolve("stream.mp3"), ProgressListener.NONE);
            assertThat(arriving.sawEarlyRender)
                    .as("a render was under way before the last byte")
                    .isTrue();
            return streamed;
        }
    }

    /**
     * An upload arriving as {@link #arriving} does, whose last 64 KB wait until an early render's file shows in
     * {@code watched} (for a minute at most), then come, or fail as a client going away.
     */
    private static final class HeldBack extends FilterInputStream {
        private static final long HELD = 64 * 1024;
        private final Path watched;
        private final boolean cutThen;
        private long left;
        private boolean held;
        volatile boolean sawEarlyRender;

        HeldBack(Path file, Path watched, boolean cutThen) throws IOException {
            super(arriving(file, -1));
            this.watched = watched;
            this.cutThen = cutThen;
            this.left = Files.size(file);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= HELD && !held) {
                held = true;
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (!sawEarlyRender && System.nanoTime() < until) {
                    try (Stream<Path> files = Files.list(watched)) {
                        sawEarlyRender =
                                files.anyMatch(f -> f.getFileName().toString().endsWith(".early"));
                    }
                    if (!sawEarlyRender) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException();
                        }
                    }
                }
                if (cutThen) {
                    throw new IOException("the client went away");
                }
            }
            int n = super.read(b, off, left > HELD ? (int) Math.min(len, left - HELD) : len);
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    @Test
    void whatIsNotAudioIsRefusedAsFromTheFileAndNothingIsKept() throws Exception {
        Path text = Files.writeString(out.resolve("text"), "no audio here, only words\n".repeat(2000));
        Path received = out.resolve("received");

        try (InputStream arriving = arriving(text, -1)) {
            assertThatThrownBy(() -> new AudioIngest(ffmpeg, IngestSettings.DEFAULT)
                            .ingest(arriving, received, out.resolve("d.mp3"), ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            AudioRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Refusal.NOT_AUDIO));
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(text);
        }
    }

    /** About 50 seconds of Vietnamese speech by espeak-ng: its peaks stand far above its loudness. */
    private Path speech() throws IOException {
        RequiredTools.require("espeak-ng", "espeak-ng");
        Path speech = fixturesDir.resolve("speech-50s.wav");
        if (!Files.exists(speech)) {
            TextToSpeech.espeakNg()
                    .synthesise(
                            new SpeechRequest(
                                    ("Thông báo của Ủy ban nhân dân xã về lịch tiêm chủng mở rộng cho trẻ em dưới năm"
                                                    + " tuổi, bắt đầu từ ngày mười lăm tháng này tại trạm y tế xã. ")
                                            .repeat(6),
                                    "vi",
                                    150),
                            speech);
        }
        return speech;
    }

    /**
     * The file as an upload arriving in small pieces with pauses, so that ffmpeg reads it while it comes;
     * past {@code cutAt} bytes (−1: never) it fails as a servlet's body does when the client goes away.
     */
    private static InputStream arriving(Path file, long cutAt) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            private long read;
            private int pieces;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (cutAt >= 0 && read >= cutAt) {
                    throw new IOException("the client went away");
                }
                if (++pieces % 8 == 0) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
                int n = super.read(b, off, Math.min(len, 16 * 1024));
                if (n > 0) {
                    read += n;
                }
                return n;
            }
        };
    }
}
