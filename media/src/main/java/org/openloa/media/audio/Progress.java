package org.openloa.media.audio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Turns the passes of one ingest into one rising fraction. Each pass is a stage with a weight (its
 * rough share of the work); inside a stage, progress is ffmpeg's output time against the expected
 * duration.
 */
final class Progress {

    private final ProgressListener listener;
    private final double[] weights;
    private int nextStage;
    private double doneBefore;
    private double reported = -1;

    Progress(ProgressListener listener, double... weights) {
        this.listener = listener;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            // The last percent is kept for the end: 1.0 means the delivered file is in place.
            this.weights[i] = weights[i] / total * 0.99;
        }
        report(0);
    }

    /** The next stage; {@code expectedMicros} ≤ 0 means unknown, and the stage then reports only its end. */
    Stage stage(long expectedMicros) {
        double start = doneBefore;
        double weight = weights[nextStage++];
        doneBefore += weight;
        return new Stage(start, weight, expectedMicros);
    }

    /** A stage outside the plan (a corrective render) that reports nothing. */
    Stage unreported() {
        return new Stage(0, 0, -1);
    }

    void finish() {
        report(1);
    }

    private void report(double fraction) {
        double clamped = Math.min(1, Math.max(0, fraction));
        if (clamped > reported) {
            reported = clamped;
            listener.progress(clamped);
        }
    }

    final class Stage {
        private final double start;
        private final double weight;
        private final long expectedMicros;

        private Stage(double start, double weight, long expectedMicros) {
            this.start = start;
            this.weight = weight;
            this.expectedMicros = expectedMicros;
        }

        void at(long micros) {
            if (expectedMicros > 0) {
                // Never claim the stage is complete before ffmpeg says so: durations can be estimates.
                report(start + weight * Math.min(0.99, (double) micros / expectedMicros));
            }
        }

        void end() {
            report(start + weight);
        }

        /**
         * Reads ffmpeg's {@code -progress pipe:1} report (key=value lines, a block every half second)
         * from stdout and follows its output time.
         */
        void follow(InputStream stdout) throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                FfmpegProcess.checkInterrupted();
                // out_time_ms is in microseconds too (a historical misnomer); older builds print only it.
                if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                    String value = line.substring(line.indexOf('=') + 1).strip();
                    if (value.matches("\\d+")) {
                        at(Long.parseLong(value));
                    }
                }
            }
        }
    }
}
