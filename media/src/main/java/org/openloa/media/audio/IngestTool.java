package org.openloa.media.audio;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Ingests one file from the command line, for benchmarks and for trying a troublesome upload by hand:
 * <pre>java -cp ... org.openloa.media.audio.IngestTool [--strategy MEASURE_GAIN_LIMIT] [--bundled] [--warm]
 *     [--no-limiter-trial] in out</pre>
 * Prints one line of key=value figures (or the refusal) and exits 0, 2 (refused) or 1 (failed).
 * {@code --warm} ingests the input once before the timed ingest, as a running cms has its JVM warm and
 * its encoder calibrated; {@code --no-limiter-trial} renders as the fast path did before its
 * {@link LimiterTrial}, for comparison.
 */
public final class IngestTool {

    private IngestTool() {}

    public static void main(String[] args) throws Exception {
        Deque<String> rest = new ArrayDeque<>(java.util.List.of(args));
        IngestSettings settings = IngestSettings.DEFAULT;
        boolean bundled = false;
        boolean warm = false;
        boolean limiterTrial = true;
        while (!rest.isEmpty() && rest.peek().startsWith("--")) {
            String option = rest.pop();
            switch (option) {
                case "--strategy" -> settings = settings.withStrategy(NormalisationStrategy.valueOf(rest.pop()));
                case "--bundled" -> bundled = true;
                case "--warm" -> warm = true;
                case "--no-limiter-trial" -> limiterTrial = false;
                default -> usage("unknown option " + option);
            }
        }
        if (rest.size() != 2) {
            usage("need an input and an output file");
        }
        Ffmpeg ffmpeg = bundled ? Ffmpeg.bundled() : Ffmpeg.locate();
        Path input = Path.of(rest.pop());
        Path output = Path.of(rest.pop());
        AudioIngest ingest = new AudioIngest(ffmpeg, settings, AudioIngest.MAX_CORRECTIONS, limiterTrial);
        long start = System.nanoTime();
        try {
            if (warm) {
                ingest.ingest(input, output, ProgressListener.NONE);
                start = System.nanoTime();
            }
            IngestResult r = ingest.ingest(input, output, ProgressListener.NONE);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            System.out.println(String.format(
                    Locale.ROOT,
                    "elapsed_ms=%d strategy=%s renders=%d in_lufs=%.1f out_lufs=%.1f out_tp=%.1f duration_ms=%d rate=%d channels=%d "
                            + "size=%d sha256=%s peak_heap_mb=%.1f ffmpeg=\"%s\"",
                    elapsed,
                    r.strategy(),
                    r.renders(),
                    r.before().integratedLufs(),
                    r.after().integratedLufs(),
                    r.after().truePeakDbtp(),
                    r.durationMs(),
                    r.sampleRate(),
                    r.channels(),
                    r.sizeBytes(),
                    r.sha256(),
                    peakHeapMb(),
                    ffmpeg.version()));
        } catch (AudioRefusedException e) {
            System.out.println("refused=" + e.reason() + " detail=\"" + e.getMessage() + "\"");
            System.exit(2);
        }
    }

    /** The most heap the JVM had in use at any moment (garbage included), summed over heap pools. */
    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }

    private static void usage(String problem) {
        System.err.println(problem
                + "\nusage: IngestTool [--strategy TWO_PASS_LOUDNORM|MEASURE_GAIN_LIMIT] [--bundled] [--warm]"
                + " [--no-limiter-trial] <input> <output>");
        System.exit(64);
    }
}
