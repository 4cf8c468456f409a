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
 *     [--no-limiter-trial] [--stream-seconds S] in out</pre>
 * Prints one line of key=value figures (or the refusal) and exits 0, 2 (refused) or 1 (failed).
 * {@code --warm} ingests the input once before the timed ingest, as a running cms has its JVM warm and
 * its encoder calibrated; {@code --no-limiter-trial} renders as the fast path did before its
 * {@link LimiterTrial}, for comparison. {@code --stream-seconds S} feeds the input as an upload arriving
 * evenly over S seconds ({@link AudioIngest#ingest(java.io.InputStream, Path, Path, ProgressListener)}) and
 * adds {@code after_last_byte_ms}, the time from its last byte to the delivered file.
 */
public final class IngestTool {

    private IngestTool() {}

    public static void main(String[] args) throws Exception {
        Deque<String> rest = new ArrayDeque<>(java.util.List.of(args));
        IngestSettings settings = IngestSettings.DEFAULT;
        boolean bundled = false;
        boolean warm = false;
        boolean limiterTrial = true;
        double streamSeconds = -1;
        while (!rest.isEmpty() && rest.peek().startsWith("--")) {
            String option = rest.pop();
            switch (option) {
                case "--strategy" -> settings = settings.withStrategy(NormalisationStrategy.valueOf(rest.pop()));
                case "--bundled" -> bundled = true;
                case "--warm" -> warm = true;
                case "--no-limiter-trial" -> limiterTrial = false;
                case "--stream-seconds" -> streamSeconds = Double.parseDouble(rest.pop());
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
            IngestResult r;
            String afterLastByte = "";
            if (streamSeconds > 0) {
                Path received = output.resolveSibling(output.getFileName() + ".received");
                Upload upload = new Upload(input, streamSeconds);
                r = ingest.ingest(upload, received, output, ProgressListener.NONE);
                afterLastByte = " after_last_byte_ms=" + (System.nanoTime() - upload.lastByteNanos) / 1_000_000;
                java.nio.file.Files.deleteIfExists(received);
            } else {
                r = ingest.ingest(input, output, ProgressListener.NONE);
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            System.out.println(String.format(
                    Locale.ROOT,
                    "elapsed_ms=%d%s strategy=%s renders=%d in_lufs=%.1f out_lufs=%.1f out_tp=%.1f duration_ms=%d rate=%d channels=%d "
                            + "size=%d sha256=%s peak_heap_mb=%.1f ffmpeg=\"%s\"",
                    elapsed,
                    afterLastByte,
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

    /** The input file as an upload arriving evenly over the given time, in 64 KB pieces, as over a network. */
    private static final class Upload extends java.io.InputStream {
        private final java.io.InputStream file;
        private final double bytesPerNano;
        private final long start = System.nanoTime();
        private long sent;
        long lastByteNanos;

        Upload(Path input, double seconds) throws java.io.IOException {
            this.file = java.nio.file.Files.newInputStream(input);
            this.bytesPerNano = java.nio.file.Files.size(input) / (seconds * 1e9);
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = file.read(b, off, Math.min(len, 64 * 1024));
            if (n < 0) {
                if (lastByteNanos == 0) {
                    lastByteNanos = System.nanoTime();
                }
                return -1;
            }
            sent += n;
            long due = start + (long) (sent / bytesPerNano);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            return n;
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
                + " [--no-limiter-trial] [--stream-seconds S] <input> <output>");
        System.exit(64);
    }
}
