package org.openloa.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.media.Sha256;

/**
 * Turns an uploaded file into the delivered file: probe and refuse what is not usable audio,
 * normalise loudness, encode to the delivery format, then measure the result again and describe it
 * (hash, duration, format, loudness, waveform).
 *
 * <p>Every decision is taken from the content: ffmpeg only ever sees the upload through a link
 * without an extension, because it otherwise lets a ".mp3" name pick the demuxer. Files are streamed
 * by ffmpeg and through pipes, never read whole into memory. Thread-safe; one ingest per call.
 */
public final class AudioIngest {

    /*
     * Share of the work per pass, for progress. Two-pass loudnorm spends about equal time in both
     * passes; measure-gain-limit's first pass is a quick scan.
     */
    private static final double[] LOUDNORM_WEIGHTS = {0.5, 0.5};
    private static final double[] GAIN_WEIGHTS = {0.35, 0.65};
    private static final long MIN_AUDIO_MICROS = 100_000;
    private static final Duration TIMEOUT_MARGIN = Duration.ofMinutes(2);
    /* Closing the loop: a miss larger than this, or a peak over the ceiling, is rendered again, at most this many times. */
    private static final double CORRECTION_TOLERANCE_LU = 0.5;
    static final int MAX_CORRECTIONS = 3;
    /* Never push more than this far past the first aim: beyond it the limiter would crush the speech. */
    private static final double MAX_CORRECTION_LU = 6;
    /* A peak over the ceiling is aimed this much further under it on the retry (ebur128 prints tenths). */
    private static final double PEAK_RETRY_MARGIN_DB = 0.2;
    /*
     * Retries go through gain plus limiter whatever the strategy: it answers a higher aim steadily
     * (about 0.4 LU per dB once the limiter works hard), while loudnorm hardly does when its true-peak
     * limiter binds (aiming 2 LU higher gained 0.7 LU on espeak-ng speech). It needs only the integrated
     * loudness and true peak, which loudnorm's first pass measures too.
     */
    private static final LoudnessNormaliser CORRECTOR = new LoudnessNormaliser.MeasureGainLimit();
    /*
     * The fast path's way out: where gain and limiter still miss after their corrections, loudnorm's
     * dynamic mode renders from the same first-pass measurement (ebur128 reports the integrated
     * loudness, true peak, range and gating threshold loudnorm's second pass needs), corrected the same way.
     */
    private static final LoudnessNormaliser LOUDNORM = new LoudnessNormaliser.TwoPassLoudnorm();

    private final Ffmpeg ffmpeg;
    private final IngestSettings settings;
    private final LoudnessNormaliser normaliser;
    private final int firstCorrections;
    private final boolean limiterTrial;
    private final AtomicReference<CompletableFuture<Double>> codecLossLu = new AtomicReference<>();

    public AudioIngest(Ffmpeg ffmpeg, IngestSettings settings) {
        this(ffmpeg, settings, MAX_CORRECTIONS, true);
    }

    /**
     * {@code firstCorrections} bounds the corrections of the configured strategy's render (the fallback
     * keeps the usual three), and {@code limiterTrial} false skips the {@link LimiterTrial}: only so that
     * tests can make the fast path miss on purpose.
     */
    AudioIngest(Ffmpeg ffmpeg, IngestSettings settings, int firstCorrections, boolean limiterTrial) {
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.normaliser = LoudnessNormaliser.of(settings.strategy());
        this.firstCorrections = firstCorrections;
        this.limiterTrial = limiterTrial;
    }

    public IngestSettings settings() {
        return settings;
    }

    /**
     * Starts measuring what the delivery encoder takes away (a few seconds of noise encoded and measured,
     * about 0.3 s of CPU) in the background and returns at once, so that the first ingest after a start,
     * an emergency's perhaps, does not wait for it. A failure is forgotten: the first ingest tries again.
     */
    public void calibrateInBackground() {
        codecLossLu();
    }

    /**
     * A quick look (headers only, well under a second) that refuses what is plainly not audio, so an
     * upload can be answered at once; decode problems surface later, from {@link #ingest}.
     */
    public AudioInfo inspect(Path upload) throws AudioRefusedException, IOException {
        try (ContentView view = ContentView.of(upload)) {
            return inspect(view);
        }
    }

    /**
     * Ingests {@code upload} into {@code delivered} (written under a temporary name beside it and
     * renamed into place when complete, so no half file ever has that name). The upload is only read.
     * Interrupting the calling thread cancels: ffmpeg is stopped and nothing is written.
     *
     * @throws AudioRefusedException the upload is not usable audio; nothing was written
     * @throws IOException           ffmpeg failed or could not be run; nothing was written
     */
    public IngestResult ingest(Path upload, Path delivered, ProgressListener listener)
            throws AudioRefusedException, IOException {
        Progress progress = progress(listener);
        try (ContentView view = ContentView.of(upload)) {
            AudioInfo info = inspect(view);
            long declared = declaredMicros(info);
            CompletableFuture<Double> codecLoss = codecLossLu(); // measured on the other core meanwhile
            Measurement before = analyse(Input.file(view.path()), progress.stage(declared), null);
            return deliver(
                    view.path(),
                    CompletableFuture.completedFuture(info),
                    before,
                    codecLoss,
                    null,
                    null,
                    delivered,
                    progress);
        }
    }

    /**
     * Ingests an upload as it arrives: its bytes go into {@code received} and, as they come, through a pipe
     * to ffmpeg's first pass (the measurement), so that after the last byte only what needs the whole
     * measurement is left: the limiter trial where the content needs one, and the render with its verifier.
     * The result is the one {@link #ingest(Path, Path, ProgressListener)} gives for the same bytes, with the
     * same refusals and fallbacks; a format ffmpeg cannot measure through a pipe (an MP4 whose index comes
     * last) is measured from the file once it is complete.
     *
     * <p>Nothing is left half-written: when the upload fails midway (the client went away), the calling
     * thread is interrupted, the upload is refused or ffmpeg fails, every ffmpeg of this ingest is stopped
     * and neither {@code received} nor {@code delivered} exists afterwards. On success {@code received}
     * holds the upload, for the caller to keep or delete.
     *
     * @throws AudioRefusedException the upload is not usable audio
     * @throws IOException           the upload failed, or ffmpeg failed or could not be run
     */
    public IngestResult ingest(InputStream upload, Path received, Path delivered, ProgressListener listener)
            throws AudioRefusedException, IOException {
        Progress progress = progress(listener);
        CompletableFuture<Double> codecLoss = codecLossLu(); // measured while the upload arrives
        boolean kept = false;
        EarlyTrial early = null;
        EarlyRender earlyRender = null;
        try {
            CompletableFuture<Measurement> streamed = new CompletableFuture<>();
            try (Arrival arrival = Arrival.into(received)) {
                InputStream follower = arrival.follower();
                Progress.Stage firstPass = progress.stage(-1);
                EarlyTrial trial = fastPath() && limiterTrial ? new EarlyTrial(arrival, codecLoss) : null;
                early = trial;
                EarlyRender render =
                        fastPath() ? new EarlyRender(arrival, codecLoss, partFor(delivered, "early")) : null;
                earlyRender = render;
                Consumer<String> watchers = line -> {
                    if (trial != null) {
                        trial.watch(line);
                    }
                    if (render != null) {
                        render.watch(line);
                    }
                };
                FfmpegProcess.WORKERS.execute(() -> {
                    try {
                        streamed.complete(analyse(Input.streamed(follower), firstPass, watchers));
                    } catch (Throwable e) {
                        streamed.completeExceptionally(e);
                    }
                });
                try {
                    arrival.receive(upload);
                } finally {
                    // Whole or cut off, the first pass ends before anything else goes on: a cut-off upload
                    // fails the follower, which kills the ffmpeg it feeds.
                    streamed.handle((m, e) -> null).join();
                }
            }
            try (ContentView view = ContentView.of(received)) {
                // The headers are read beside the render: they only decide refusals, checked before anything is kept.
                CompletableFuture<AudioInfo> probe = new CompletableFuture<>();
                FfmpegProcess.WORKERS.execute(() -> {
                    try {
                        probe.complete(inspect(view));
                    } catch (Throwable e) {
                        probe.completeExceptionally(e);
                    }
                });
                try {
                    Measurement before;
                    try {
                        before = streamed.join();
                    } catch (CompletionException notThroughAPipe) {
                        // What the pipe could not measure (or refused), the file decides, as for an upload on
                        // disk: the headers first, then the first pass.
                        probed(probe);
                        before = analyse(Input.file(view.path()), progress.unreported(), null);
                    }
                    IngestResult result =
                            deliver(view.path(), probe, before, codecLoss, early, earlyRender, delivered, progress);
                    kept = true;
                    return result;
                } finally {
                    probe.handle((info, e) -> null).join(); // ffprobe never outlives the ingest
                }
            }
        } finally {
            if (early != null) {
                early.stop();
            }
            if (earlyRender != null) {
                earlyRender.discard();
            }
            if (!kept) {
                Files.deleteIfExists(received);
            }
        }
    }

    private Progress progress(ProgressListener listener) {
        return new Progress(
                listener,
                settings.strategy() == NormalisationStrategy.TWO_PASS_LOUDNORM ? LOUDNORM_WEIGHTS : GAIN_WEIGHTS);
    }

    private static long declaredMicros(AudioInfo info) {
        return info.duration().map(d -> d.toNanos() / 1000).orElse(-1L);
    }

    /** What the headers said, or their refusal. */
    private static AudioInfo probed(CompletableFuture<AudioInfo> probe) throws AudioRefusedException, IOException {
        try {
            return probe.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AudioRefusedException refused) {
                throw refused;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException("probing failed", e.getCause());
        }
    }

    /**
     * Everything after the first pass: the trial (the one run while the upload arrived, if there was one and
     * it tells; null for none), the render (the one run while the upload arrived, if it holds) and its
     * verification, corrections, fallback. The probe's answer may still be coming; its refusal stops the ingest
     * before anything is in place.
     */
    private IngestResult deliver(
            Path input,
            CompletableFuture<AudioInfo> probe,
            Measurement before,
            CompletableFuture<Double> codecLoss,
            EarlyTrial earlyTrial,
            EarlyRender earlyRender,
            Path delivered,
            Progress progress)
            throws AudioRefusedException, IOException {
        AtomicInteger renders = new AtomicInteger();
        // Unknown until the probe ends: the first render then only reports its end, and times out generously.
        long declared = probe.isDone() ? declaredMicros(probed(probe)) : -1;
        LoudnessTarget aim = aimFor(codecLoss);
        Path part = partFor(delivered, "part");
        // The render made while the upload arrived, where it holds: then no trial is needed either.
        Verified early = earlyRender == null ? null : earlyRender.take(before, aim, part);
        // Only content whose peaks the gain pushes over the ceiling needs the trial.
        Trial trial = new Trial(aim, 1);
        if (early == null
                && fastPath()
                && limiterTrial
                && LoudnessNormaliser.MeasureGainLimit.needsLimiter(aim, before)) {
            Trial known = earlyTrial == null ? null : earlyTrial.trialFor(before, aim);
            trial = known != null ? known : limiterTrial(input, before, aim, progress);
        }
        if (earlyTrial != null) {
            earlyTrial.stop(); // not needed, or done: its ffmpeg must not run on beside the render
        }

        try {
            Verified after = early;
            if (after != null) {
                renders.incrementAndGet();
                progress.stage(declared).end();
            } else {
                after = renderAndVerify(
                        Input.file(input),
                        normaliser.renderFilter(trial.aim(), before),
                        part,
                        progress.stage(declared),
                        declared,
                        renders);
            }
            AudioInfo info = probed(probe);
            declared = declaredMicros(info);
            checkLength(info, declared, after.durationMs() * 1000);
            after = correct(
                    input,
                    before,
                    trial.aim(),
                    trial.slope(),
                    after,
                    part,
                    declared,
                    progress,
                    renders,
                    firstCorrections,
                    fastPath());
            NormalisationStrategy used = settings.strategy();
            if (fastPath() && !withinTarget(after)) {
                Path fallbackPart = part.resolveSibling(part.getFileName() + ".loudnorm");
                try {
                    Verified loudnorm = renderAndVerify(
                            Input.file(input),
                            LOUDNORM.renderFilter(aim, before),
                            fallbackPart,
                            progress.unreported(),
                            declared,
                            renders);
                    loudnorm = correct(
                            input,
                            before,
                            aim,
                            1,
                            loudnorm,
                            fallbackPart,
                            declared,
                            progress,
                            renders,
                            MAX_CORRECTIONS,
                            false);
                    if (distanceFromTarget(loudnorm) < distanceFromTarget(after)) {
                        Files.move(fallbackPart, part, StandardCopyOption.REPLACE_EXISTING);
                        after = loudnorm;
                        used = NormalisationStrategy.TWO_PASS_LOUDNORM;
                    }
                } finally {
                    Files.deleteIfExists(fallbackPart);
                }
            }
            String sha256 = Sha256.of(part);
            long size = Files.size(part);
            Files.move(part, delivered, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.finish();
            return new IngestResult(
                    delivered,
                    sha256,
                    size,
                    after.durationMs(),
                    after.sampleRate(),
                    after.channels(),
                    settings.delivery(),
                    used,
                    info,
                    before.loudness(),
                    after.loudness(),
                    after.waveform(),
                    renders.get());
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Named here and created by ffmpeg, with the usual permissions (createTempFile would make it owner-only). */
    private static Path partFor(Path delivered, String kind) {
        return delivered
                .toAbsolutePath()
                .resolveSibling("." + delivered.getFileName() + "." + UUID.randomUUID() + "." + kind);
    }

    /**
     * What the encoder takes away, measured once per instance; started at the first ingest so that it
     * runs beside the first pass. A failed measurement is forgotten, to be tried again next time.
     */
    private CompletableFuture<Double> codecLossLu() {
        CompletableFuture<Double> known = codecLossLu.get();
        if (known != null) {
            return known;
        }
        CompletableFuture<Double> mine = new CompletableFuture<>();
        if (!codecLossLu.compareAndSet(null, mine)) {
            return codecLossLu.get();
        }
        FfmpegProcess.WORKERS.execute(() -> {
            try {
                mine.complete(CodecCalibration.lossLu(ffmpeg, settings.delivery()));
            } catch (Throwable e) {
                codecLossLu.compareAndSet(mine, null);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    /** The target the render aims at: the configured one, plus what the encoder is known to lose. */
    private LoudnessTarget aimFor(CompletableFuture<Double> codecLoss) throws IOException {
        try {
            return aim(codecLoss.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException("calibrating the encoder failed", e.getCause());
        }
    }

    private LoudnessTarget aim(double codecLossLu) {
        LoudnessTarget target = settings.loudness();
        return new LoudnessTarget(
                Math.min(-5, target.integratedLufs() + codecLossLu), target.truePeakDbtp(), target.rangeLu());
    }

    private AudioInfo inspect(ContentView view) throws AudioRefusedException, IOException {
        long size = Files.size(view.path());
        if (size == 0) {
            throw new AudioRefusedException(Refusal.EMPTY, "the file has no bytes");
        }
        AudioInfo info = Probing.classify(Probing.probe(ffmpeg, view.path()), size);
        if (!info.durationEstimated()
                && info.duration()
                        .filter(d -> d.compareTo(settings.maxDuration()) > 0)
                        .isPresent()) {
            throw new AudioRefusedException(
                    Refusal.TOO_LONG, "lasts " + info.duration().get() + ", more than " + settings.maxDuration());
        }
        return info;
    }

    /**
     * Decodes all of the upload while measuring it; what the decoder makes of it decides whether it
     * is undecodable or silent. {@code stderrLines}, if not null, watches ebur128's running measurement. Its length is judged later, on the delivered file: loudnorm holds
     * back a few seconds of look-ahead that ffmpeg 4.4 never counts in its progress output time.
     */
    private Measurement analyse(Input input, Progress.Stage stage, Consumer<String> stderrLines)
            throws AudioRefusedException, IOException {
        String analysis = normaliser.analysisFilter(settings.loudness());
        if (stderrLines != null) {
            // Someone watches the measurement as it goes: ebur128 then prints its line per 100 ms where it shows.
            analysis = analysis.replace("framelog=verbose", "framelog=info");
        }
        List<String> command = ffmpegReading(input);
        command.addAll(List.of(
                "-map",
                "0:a:0",
                "-af",
                settings.delivery().channelLayoutFilter() + "," + analysis,
                "-f",
                "null",
                "-",
                "-progress",
                "pipe:1"));
        FfmpegProcess.Result result = FfmpegProcess.run(
                command, input.stdin(), stderrLines == null ? line -> {} : stderrLines, stage::follow, timeout(-1));
        if (result.exitCode() != 0 || producedNoAudio(result.stderr())) {
            throw new AudioRefusedException(
                    Refusal.UNDECODABLE,
                    "no audio could be decoded: " + result.stderr().tail(3));
        }
        Measurement measured;
        try {
            measured = normaliser.measurement(result.stderr());
        } catch (IOException e) {
            throw new AudioRefusedException(Refusal.UNDECODABLE, e.getMessage());
        }
        if (!(measured.integrated() >= settings.silenceFloorLufs())) {
            throw new AudioRefusedException(Refusal.SILENT, "integrated loudness " + measured.integrated() + " LUFS");
        }
        stage.end();
        return measured;
    }

    /** Where the render aims once the limiter's loss is known, and how fast loudness rises with the aim there. */
    private record Trial(LoudnessTarget aim, double slope) {}

    /**
     * Runs the {@link LimiterTrial}: gain-plus-limiter branches, one per trial gain, each measured; the
     * render then aims at the gain where the measured curve reaches the aim. A trial that fails (it never
     * should: the same input was just decoded in full) leaves the aim as it was, for the corrections to
     * close the gap as before.
     */
    private Trial limiterTrial(Path input, Measurement before, LoudnessTarget aim, Progress progress)
            throws IOException {
        double[] gains = LimiterTrial.gains(aim, before);
        double[] loudness;
        try {
            loudness = trialLoudness(() -> Input.file(input), aim, gains, progress);
        } catch (InterruptedIOException cancelled) {
            throw cancelled;
        } catch (IOException unreadable) {
            return new Trial(aim, 1);
        }
        return trialAt(before, aim, gains, loudness);
    }

    /** Where the render aims, read off the trial's measured curve. */
    private static Trial trialAt(Measurement before, LoudnessTarget aim, double[] gains, double[] loudness) {
        double gain = LimiterTrial.gainFor(aim.integratedLufs(), gains, loudness);
        double plain = aim.integratedLufs() - before.integrated();
        gain = Math.max(plain - MAX_CORRECTION_LU, Math.min(plain + MAX_CORRECTION_LU, gain));
        double integrated = Math.min(-5, before.integrated() + gain);
        return new Trial(
                new LoudnessTarget(integrated, aim.truePeakDbtp(), aim.rangeLu()),
                LimiterTrial.slopeAt(gain, gains, loudness));
    }

    /** Opens the input for one more ffmpeg: the file, or one more follower of the upload as it arrives. */
    @FunctionalInterface
    private interface InputSource {
        Input open() throws IOException;
    }

    /**
     * The trial's branches, split over two ffmpeg processes that each decode the input: ffmpeg runs a
     * filter graph on one thread, so one process holding every branch kept the second core idle, while
     * a decode costs little beside the limiters and meters.
     */
    private double[] trialLoudness(InputSource input, LoudnessTarget aim, double[] gains, Progress progress)
            throws IOException {
        int half = (gains.length + 1) / 2;
        double[] high = Arrays.copyOfRange(gains, half, gains.length);
        Input highInput = input.open();
        Input lowInput = input.open();
        Future<double[]> other =
                FfmpegProcess.WORKERS.submit(() -> trialBranches(highInput, aim, high, progress.unreported()));
        try {
            double[] low = trialBranches(lowInput, aim, Arrays.copyOfRange(gains, 0, half), progress.unreported());
            double[] all = Arrays.copyOf(low, gains.length);
            System.arraycopy(other.get(), 0, all, half, high.length);
            return all;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException("the limiter trial failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the limiter trial");
        } finally {
            other.cancel(true); // stops its ffmpeg if this side failed or was cancelled
        }
    }

    /** One decode of the input, one measured gain-plus-limiter branch per gain. */
    private double[] trialBranches(Input input, LoudnessTarget aim, double[] gains, Progress.Stage stage)
            throws IOException {
        List<String> command = ffmpegReading(input);
        command.addAll(List.of(
                "-filter_complex", LimiterTrial.filterGraph(settings.delivery().channelLayoutFilter(), aim, gains)));
        command.addAll(LimiterTrial.outputs(gains.length));
        command.addAll(List.of("-progress", "pipe:1")); // read so that a cancel is noticed within a quarter second
        FfmpegProcess.Result result = FfmpegProcess.run(command, input.stdin(), line -> {}, stage::follow, timeout(-1));
        if (result.exitCode() != 0) {
            throw new IOException(
                    "exit " + result.exitCode() + ": " + result.stderr().tail(3));
        }
        return LimiterTrial.loudness(result.stderr(), gains.length);
    }

    /*
     * The early trial starts once the first pass has measured this much of the upload: the loudness so far
     * then stands close enough to the whole one for the trial's gains to bracket the one the render needs.
     */
    private static final double EARLY_TRIAL_AFTER_S = 30;
    /* ebur128's line for each 100 ms it measured: time, the integrated loudness so far, the sample peak so far. */
    private static final Pattern RUNNING = Pattern.compile(
            "\\bt:\\s*([\\d.]+)\\s.*\\sI:\\s*(-?[\\d.]+) LUFS.*\\sSPK:((?:\\s+(?:-?[\\d.]+|-inf))+) dBFS");

    /**
     * What the first pass's running ebur128 line says of the upload so far, once it has measured {@code after}
     * seconds and the encoder's loss is known (null before, and for other lines).
     */
    private record Running(double integrated, double truePeak, double codecLossLu) {
        /** As a first pass's measurement, for what needs one (the gains, the trial's reading). */
        Measurement measurement() {
            return new Measurement(new Loudness(integrated, truePeak, 0), Double.NaN, 0);
        }

        static Running of(String line, CompletableFuture<Double> codecLoss, double after) {
            if (!line.contains("SPK:")) {
                return null;
            }
            Matcher m = RUNNING.matcher(line);
            Double loss = codecLoss.isDone() && !codecLoss.isCompletedExceptionally() ? codecLoss.join() : null;
            if (loss == null || !m.find() || Double.parseDouble(m.group(1)) < after) {
                return null;
            }
            double peak = Double.NEGATIVE_INFINITY;
            for (String value : m.group(3).trim().split("\\s+")) {
                peak = Math.max(peak, value.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value));
            }
            return new Running(
                    Double.parseDouble(m.group(2)),
                    peak + LoudnessNormaliser.MeasureGainLimit.INTER_SAMPLE_PEAK_DB,
                    loss);
        }
    }

    /**
     * The limiter trial run on the upload while it arrives: started once the first pass has measured
     * {@link #EARLY_TRIAL_AFTER_S} seconds of it and its loudness and peaks so far say the gain will need the
     * limiter, at gains from that loudness, each branch fed from the first byte. The branches still measure
     * the whole upload, so what they measured is exact; only where they sit came from the early loudness.
     * The render uses it when the aim falls within the measured curve, and the trial runs again on the file
     * otherwise (content whose loudness changed a lot after its start).
     */
    private final class EarlyTrial {
        private final Arrival arrival;
        private final CompletableFuture<Double> codecLoss;
        private final BesideTheUpload<double[]> loudness = new BesideTheUpload<>("the limiter trial");
        private volatile double[] gains;

        EarlyTrial(Arrival arrival, CompletableFuture<Double> codecLoss) {
            this.arrival = arrival;
            this.codecLoss = codecLoss;
        }

        /** Watches the first pass's stderr, on its draining thread, for the moment to start. */
        void watch(String line) {
            if (gains != null) {
                return;
            }
            Running so = Running.of(line, codecLoss, EARLY_TRIAL_AFTER_S);
            if (so == null) {
                return;
            }
            double integrated = so.integrated();
            LoudnessTarget aim = aim(so.codecLossLu());
            double truePeak = so.truePeak();
            if (!(integrated >= settings.silenceFloorLufs())
                    || truePeak + aim.integratedLufs() - integrated <= aim.truePeakDbtp()) {
                return; // silent so far, or no limiting needed yet: look again at the next line
            }
            double[] chosen = LimiterTrial.gains(aim, so.measurement());
            gains = chosen;
            loudness.start(() -> trialLoudness(
                    () -> Input.streamed(arrival.follower()), aim, chosen, new Progress(ProgressListener.NONE)));
        }

        /** The render's aim from this trial, or null where it cannot tell (not started, failed, or off the curve). */
        Trial trialFor(Measurement before, LoudnessTarget aim) throws InterruptedIOException {
            if (gains == null) {
                return null;
            }
            double[] measured = loudness.result();
            if (measured == null) {
                return null;
            }
            boolean onTheCurve =
                    aim.integratedLufs() >= measured[0] - 1 && aim.integratedLufs() <= measured[measured.length - 1];
            return onTheCurve ? trialAt(before, aim, gains, measured) : null;
        }

        /** Stops the trial if it runs, and returns once its ffmpeg processes are gone. */
        void stop() {
            loudness.stop();
        }
    }

    /* The early render starts once the first pass has measured this much of the upload, as the early trial does. */
    private static final double EARLY_RENDER_AFTER_S = 30;
    /* It is kept when the gain the whole upload needs is this close to the one it used: far inside the tolerance. */
    private static final double EARLY_RENDER_GAIN_DB = 0.2;
    /* A render with the limiter, its gain guessed from the first half minute, is kept this close to the target. */
    private static final double EARLY_RENDER_LIMITED_LU = 0.2;
    /* The peaks so far must leave this much room under the ceiling, so that later ones rarely call for the limiter. */
    private static final double EARLY_RENDER_PEAK_ROOM_DB = 1;

    /**
     * The render run on the upload while it arrives: started once the first pass has measured
     * {@link #EARLY_RENDER_AFTER_S} seconds, reading the upload from its first byte and verified as it goes like any
     * render, so that it ends with the upload instead of starting then. Where a plain gain serves (a tone, a signal,
     * steady music) it uses the gain the loudness so far calls for, and is kept when the whole measurement calls for
     * the same within {@link #EARLY_RENDER_GAIN_DB}. Where the peaks call for the limiter (speech), a trial of the half
     * minute measured so far sets gain and limiter, and the render is kept when its delivered file lands within
     * {@link #EARLY_RENDER_LIMITED_LU} of the target with its peaks under the ceiling. Anything else discards it, and
     * the render runs after the last byte as usual (content whose loudness changed after its first half minute).
     */
    private final class EarlyRender {
        private final Arrival arrival;
        private final CompletableFuture<Double> codecLoss;
        private final Path part;
        private final BesideTheUpload<Verified> rendered = new BesideTheUpload<>("the early render");
        private volatile double gainDb = Double.NaN;
        /* Whether it renders with the limiter (the peaks so far called for it); set before gainDb. */
        private volatile boolean limited;

        EarlyRender(Arrival arrival, CompletableFuture<Double> codecLoss, Path part) {
            this.arrival = arrival;
            this.codecLoss = codecLoss;
            this.part = part;
        }

        /** Watches the first pass's stderr, on its draining thread, for the moment to start. */
        void watch(String line) {
            if (!Double.isNaN(gainDb)) {
                return;
            }
            Running so = Running.of(line, codecLoss, EARLY_RENDER_AFTER_S);
            if (so == null || !(so.integrated() >= settings.silenceFloorLufs())) {
                return;
            }
            LoudnessTarget aim = aim(so.codecLossLu());
            double gain = aim.integratedLufs() - so.integrated();
            boolean limiter = so.truePeak() + gain > aim.truePeakDbtp() - EARLY_RENDER_PEAK_ROOM_DB;
            if (limiter && !limiterTrial) {
                return; // its gain would be a guess
            }
            limited = limiter;
            gainDb = gain;
            Measurement soFar = so.measurement();
            rendered.start(() -> renderAndVerify(
                    Input.streamed(arrival.follower()),
                    limiter ? limitedFilter(aim, soFar) : LoudnessNormaliser.MeasureGainLimit.plainGain(gain),
                    part,
                    new Progress(ProgressListener.NONE).unreported(),
                    -1,
                    new AtomicInteger()));
        }

        /**
         * Gain and limiter where a trial on the half minute measured so far says they reach the aim: fast (that much
         * audio is on disk), and as good a guess as the whole upload's loudness so far is. The render is verified,
         * and only kept when it lands {@link #EARLY_RENDER_LIMITED_LU} from the target.
         */
        private String limitedFilter(LoudnessTarget aim, Measurement soFar) throws IOException {
            double[] gains = LimiterTrial.gains(aim, soFar);
            double[] loudness = trialLoudness(
                    () -> Input.streamed(arrival.follower()).first(EARLY_RENDER_AFTER_S),
                    aim,
                    gains,
                    new Progress(ProgressListener.NONE));
            return normaliser.renderFilter(trialAt(soFar, aim, gains, loudness).aim(), soFar);
        }

        /**
         * The early render moved to {@code to}, if it holds; else null, and it is discarded. It holds where the whole
         * measurement calls for what it did: the plain gain it used (within {@link #EARLY_RENDER_GAIN_DB}), or the
         * limiter, and then its delivered file measured within {@link #EARLY_RENDER_LIMITED_LU} of the target with
         * its peaks under the ceiling.
         */
        Verified take(Measurement before, LoudnessTarget aim, Path to) throws IOException {
            Verified verified = null;
            if (!Double.isNaN(gainDb)) {
                boolean limiter = LoudnessNormaliser.MeasureGainLimit.needsLimiter(aim, before);
                double gain = aim.integratedLufs() - before.integrated();
                if (limiter == limited && (limiter || Math.abs(gain - gainDb) <= EARLY_RENDER_GAIN_DB)) {
                    verified = rendered.result();
                }
                if (verified != null && limiter && !closeToTarget(verified)) {
                    verified = null;
                }
            }
            if (verified == null) {
                discard();
            } else {
                Files.move(part, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return verified;
        }

        private boolean closeToTarget(Verified verified) {
            LoudnessTarget target = settings.loudness();
            return Math.abs(target.integratedLufs() - verified.loudness().integratedLufs()) <= EARLY_RENDER_LIMITED_LU
                    && verified.loudness().truePeakDbtp() <= target.truePeakDbtp();
        }

        /** Stops the render if it runs, returns once its ffmpeg processes are gone, and deletes what it wrote. */
        void discard() throws IOException {
            rendered.stop();
            Files.deleteIfExists(part);
        }
    }

    /**
     * One piece of work run on the upload while it arrives (the early trial, the early render), on a pool thread:
     * started at most once, stopped by interrupting that thread, never outliving its ingest.
     */
    private static final class BesideTheUpload<T> {
        @FunctionalInterface
        interface Work<T> {
            T run() throws IOException;
        }

        private final String what;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile boolean started;
        /* The thread running the work, while it runs; guarded by this, so that stop() never interrupts a pool thread that moved on. */
        private Thread runner;
        private boolean stopped;

        BesideTheUpload(String what) {
            this.what = what;
        }

        void start(Work<T> work) {
            started = true;
            FfmpegProcess.WORKERS.execute(() -> {
                try {
                    synchronized (this) {
                        if (stopped) {
                            throw new InterruptedIOException("stopped before it started");
                        }
                        runner = Thread.currentThread();
                    }
                    result.complete(work.run());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    synchronized (this) {
                        runner = null;
                        Thread.interrupted(); // a stop() that came as it ended must not reach the pool's next task
                    }
                    ended.complete(null);
                }
            });
        }

        /** What the work gave, once it ends; null where it failed. */
        T result() throws InterruptedIOException {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during " + what);
            } catch (ExecutionException failed) {
                return null;
            }
        }

        /** Stops the work if it runs, and returns once its ffmpeg processes are gone. */
        void stop() {
            if (!started) {
                return;
            }
            synchronized (this) {
                stopped = true;
                if (runner != null) {
                    runner.interrupt();
                }
            }
            ended.handle((v, e) -> null).join();
        }
    }

    /**
     * Renders again while the delivered file misses the target loudness or its peaks stand over the
     * ceiling: a limiter that has to work hard takes loudness away with the peaks, and the encoder's
     * ringing adds to them (on ten minutes of espeak-ng speech limited by 7 dB, one spot rang 1.7 dB
     * over), by amounts only the finished file tells. Retries go through {@link #CORRECTOR}:
     * <ul>
     * <li>a loudness miss raises (or lowers) the aim by the miss divided by the slope, LU of result per
     *     LU of aim, which is taken as 1 until two corrector renders have shown it;</li>
     * <li>a peak over the ceiling lowers the limiter's ceiling by as much, and raises the aim by what a
     *     lower ceiling costs in loudness, (1 − slope) per dB (measured: 0.6 LU for 0.9 dB).</li>
     * </ul>
     */
    private Verified correct(
            Path input,
            Measurement before,
            LoudnessTarget firstAim,
            double firstSlope,
            Verified first,
            Path part,
            long declaredMicros,
            Progress progress,
            AtomicInteger renders,
            int maxCorrections,
            boolean firstFromCorrector)
            throws IOException {
        LoudnessTarget target = settings.loudness();
        LoudnessTarget aim = firstAim;
        Verified result = first;
        double slope = firstSlope;
        boolean fromCorrector = firstFromCorrector;
        for (int i = 0; i < maxCorrections; i++) {
            if (withinTarget(result)) {
                break;
            }
            double miss = target.integratedLufs() - result.loudness().integratedLufs();
            double overshoot = result.loudness().truePeakDbtp() - target.truePeakDbtp();
            double nextTp = aim.truePeakDbtp();
            double nextI = aim.integratedLufs() + (Math.abs(miss) > CORRECTION_TOLERANCE_LU ? miss / slope : 0);
            if (overshoot > 0) {
                nextTp = Math.max(-9, aim.truePeakDbtp() - overshoot - PEAK_RETRY_MARGIN_DB);
                nextI += (aim.truePeakDbtp() - nextTp) * (1 - Math.min(slope, 1));
            }
            nextI = Math.max(
                    firstAim.integratedLufs() - MAX_CORRECTION_LU,
                    Math.min(firstAim.integratedLufs() + MAX_CORRECTION_LU, nextI));
            LoudnessTarget nextAim = new LoudnessTarget(Math.min(-5, nextI), nextTp, aim.rangeLu());
            Verified again = renderAndVerify(
                    Input.file(input),
                    CORRECTOR.renderFilter(nextAim, before),
                    part,
                    progress.unreported(),
                    declaredMicros,
                    renders);
            double aimed = nextAim.integratedLufs() - aim.integratedLufs();
            // A slope only means something between two renders of the same kind, at the same ceiling.
            if (fromCorrector && nextTp == aim.truePeakDbtp() && Math.abs(aimed) >= 0.1) {
                double moved =
                        again.loudness().integratedLufs() - result.loudness().integratedLufs();
                slope = Math.max(0.2, Math.min(1.5, moved / aimed));
            }
            fromCorrector = true;
            aim = nextAim;
            result = again;
        }
        return result;
    }

    private boolean fastPath() {
        return settings.strategy() == NormalisationStrategy.MEASURE_GAIN_LIMIT;
    }

    private boolean withinTarget(Verified result) {
        return distanceFromTarget(result) == 0;
    }

    /** How far outside the tolerance the delivered file is, in LU and dB over the ceiling; 0 when within. */
    private double distanceFromTarget(Verified result) {
        LoudnessTarget target = settings.loudness();
        double miss = Math.abs(target.integratedLufs() - result.loudness().integratedLufs());
        double overshoot = result.loudness().truePeakDbtp() - target.truePeakDbtp();
        double distance = Math.max(0, miss - CORRECTION_TOLERANCE_LU) + Math.max(0, overshoot);
        return Double.isNaN(distance) ? Double.POSITIVE_INFINITY : distance;
    }

    /** ffmpeg's closing line counts what reached the output, e.g. "video:0kB audio:451kB subtitle:0kB ...". */
    private static boolean producedNoAudio(FfmpegProcess.StderrLog log) {
        return log.lines().stream().anyMatch(line -> line.contains(" audio:0kB "));
    }

    private void checkLength(AudioInfo info, long declaredMicros, long deliveredMicros) throws AudioRefusedException {
        if (deliveredMicros < MIN_AUDIO_MICROS) {
            throw new AudioRefusedException(
                    Refusal.UNDECODABLE, "only " + deliveredMicros / 1000 + " ms of audio could be decoded");
        }
        if (deliveredMicros > settings.maxDuration().toNanos() / 1000) {
            throw new AudioRefusedException(Refusal.TOO_LONG, "lasts more than " + settings.maxDuration());
        }
        // A duration guessed from the bit rate proves nothing; a declared one (Xing header, MP4 index,
        // Ogg granule) that the decoder cannot reach means the end of the file is missing.
        if (declaredMicros > 0
                && !info.durationEstimated()
                && deliveredMicros < declaredMicros - Math.max(500_000, declaredMicros / 50)) {
            throw new AudioRefusedException(
                    Refusal.TRUNCATED,
                    "decodes to " + deliveredMicros / 1000 + " ms of the " + declaredMicros / 1000
                            + " ms it announces");
        }
    }

    private record Verified(Loudness loudness, long durationMs, int sampleRate, int channels, Waveform waveform) {}

    /**
     * Renders the delivered file and, at the same time, measures it: the encoder's packets go both into
     * the file and through a pipe to a second ffmpeg, where ebur128 measures what devices will really
     * play and mono PCM streams out into the waveform and the sample count (the exact duration, and
     * the progress of both). On two cores the measuring costs almost no extra time.
     */
    private Verified renderAndVerify(
            Input input,
            String normalisingFilter,
            Path part,
            Progress.Stage stage,
            long expectedMicros,
            AtomicInteger renders)
            throws IOException {
        renders.incrementAndGet();
        DeliveryFormat delivery = settings.delivery();
        List<String> render = ffmpegReading(input);
        render.addAll(List.of("-map", "0:a:0", "-af", delivery.channelLayoutFilter() + "," + normalisingFilter));
        render.addAll(delivery.encoderArguments());
        render.addAll(delivery.fileAndStdout(part));

        int rate = delivery.sampleRate();
        List<String> measure = ffmpegHead();
        measure.addAll(List.of(
                "-f",
                delivery.streamDemuxer(),
                "-i",
                "pipe:0",
                "-map",
                "0:a:0",
                "-af",
                "ebur128=peak=true:framelog=verbose,aformat=sample_fmts=s16:channel_layouts=mono",
                "-ar",
                Integer.toString(rate),
                "-f",
                "s16le",
                "pipe:1"));

        WaveformBuilder waveform = new WaveformBuilder(settings.waveformBuckets());
        FfmpegProcess.Piped ran = FfmpegProcess.pipe(
                render,
                input.stdin(),
                measure,
                stdout -> readPcm(stdout, waveform, stage, rate),
                timeout(expectedMicros));
        if (ran.producer().exitCode() != 0) {
            throw new IOException("ffmpeg could not encode the delivery file: "
                    + ran.producer().stderr().tail(5));
        }
        if (ran.consumer().exitCode() != 0 || waveform.samples() == 0) {
            throw new IOException("ffmpeg could not decode the delivery file it wrote: "
                    + ran.consumer().stderr().tail(5));
        }
        Measurement measured = Measurement.fromEbur128Summary(ran.consumer().stderr());
        Probing.Stream stream = Probing.parseFfmpegInput(ran.consumer().stderr())
                .firstAudio()
                .orElseThrow(() -> new IOException("the delivery stream has no audio: "
                        + ran.consumer().stderr().tail(5)));
        stage.end();
        return new Verified(
                measured.loudness(),
                waveform.samples() * 1000 / rate,
                stream.sampleRate(),
                stream.channels(),
                waveform.build());
    }

    private static void readPcm(InputStream stdout, WaveformBuilder waveform, Progress.Stage stage, int rate)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int carry = 0;
        for (int n; (n = stdout.read(buffer, carry, buffer.length - carry)) > 0; ) {
            FfmpegProcess.checkInterrupted();
            int available = carry + n;
            int whole = available & ~1;
            waveform.addPcm16(buffer, whole);
            carry = available - whole;
            if (carry == 1) {
                buffer[0] = buffer[whole]; // half a sample: keep it for the next read
            }
            stage.at(waveform.samples() * 1_000_000 / rate);
        }
    }

    private List<String> ffmpegHead() {
        // Progress four times a second: the default half second makes short jobs jump from 0 to done.
        return new ArrayList<>(List.of(
                ffmpeg.executable().toString(),
                "-hide_banner",
                "-nostdin",
                "-nostats",
                "-v",
                "info",
                "-stats_period",
                "0.25"));
    }

    /**
     * ffmpeg reading the input, as far as its limit if it has one, else at most a little past the maximum: a tiny
     * file can announce hours of (compressed) silence.
     */
    private List<String> ffmpegReading(Input input) {
        List<String> command = ffmpegHead();
        String limit = input.seconds() > 0
                ? Long.toString(input.seconds())
                : seconds(settings.maxDuration().plusSeconds(1));
        command.addAll(List.of("-t", limit, "-i", input.url()));
        return command;
    }

    /** Where a first pass reads the upload: its file, or its stdin fed from the upload as it arrives. */
    private record Input(String url, InputStream stdin, long seconds) {
        static Input file(Path path) {
            return new Input(path.toString(), null, 0);
        }

        static Input streamed(InputStream follower) {
            return new Input("pipe:0", follower, 0);
        }

        /** Only the first {@code seconds} of this input. */
        Input first(double seconds) {
            return new Input(url, stdin, (long) Math.ceil(seconds));
        }
    }

    /** Generous: even a slow machine processes audio far faster than real time. Unknown length: the maximum. */
    private Duration timeout(long expectedMicros) {
        return TIMEOUT_MARGIN.plus(
                expectedMicros > 0 ? Duration.ofNanos(expectedMicros * 1000) : settings.maxDuration());
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }

    private static final class ContentView implements Closeable {
        private final Path directory;
        private final Path path;

        private ContentView(Path directory, Path path) {
            this.directory = directory;
            this.path = path;
        }

        static ContentView of(Path upload) throws IOException {
            if (!Files.isRegularFile(upload)) {
                throw new java.nio.file.NoSuchFileException(upload.toString(), null, "not a regular file");
            }
            Path directory = Files.createTempDirectory("openloa-ingest-");
            Path link = directory.resolve("input");
            try {
                Files.createSymbolicLink(link, upload.toAbsolutePath());
            } catch (IOException | UnsupportedOperationException e) {
                Files.deleteIfExists(directory);
                throw new IOException("cannot link " + upload + " into " + directory + " for ffmpeg", e);
            }
            return new ContentView(directory, link);
        }

        Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }
}
