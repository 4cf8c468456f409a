package org.openloa.media.audio;

import java.io.IOException;
import java.util.Locale;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/**
 * A way to reach a loudness target, expressed as two ffmpeg filter graphs: one that measures while the
 * upload is decoded in full (that pass also proves the upload decodes), and one that renders the
 * delivered file from that measurement. {@link AudioIngest} runs both; the strategies only say what to
 * run, so they stay free of process handling.
 */
interface LoudnessNormaliser {

    String analysisFilter(LoudnessTarget target);

    Measurement measurement(StderrLog analysisLog) throws IOException;

    String renderFilter(LoudnessTarget target, Measurement measured);

    /*
     * Lossy encoders ring: the delivered file's true peak ends some tenths of a dB above the ceiling
     * the render respected (measured 0.2 to 0.5 dB with LAME at 64 kbit/s), so renders aim below it.
     */
    double CODEC_HEADROOM_DB = 0.5;

    static LoudnessNormaliser of(NormalisationStrategy strategy) {
        return switch (strategy) {
            case TWO_PASS_LOUDNORM -> new TwoPassLoudnorm();
            case MEASURE_GAIN_LIMIT -> new MeasureGainLimit();
        };
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** EBU R128 normalisation by ffmpeg's loudnorm, measured in the first pass and applied in the second. */
    final class TwoPassLoudnorm implements LoudnessNormaliser {

        @Override
        public String analysisFilter(LoudnessTarget t) {
            return "loudnorm=I=" + num(t.integratedLufs()) + ":TP=" + num(t.truePeakDbtp()) + ":LRA=" + num(t.rangeLu())
                    + ":print_format=json";
        }

        @Override
        public Measurement measurement(StderrLog log) throws IOException {
            return Measurement.fromLoudnormJson(log);
        }

        @Override
        public String renderFilter(LoudnessTarget t, Measurement m) {
            // linear=true: a plain gain whenever the true-peak ceiling allows it; loudnorm falls back to
            // its dynamic mode by itself when it does not. Its output is at 192 kHz; -ar brings it down.
            return "loudnorm=I=" + num(t.integratedLufs()) + ":TP=" + num(t.truePeakDbtp() - CODEC_HEADROOM_DB)
                    + ":LRA=" + num(t.rangeLu()) + ":measured_I=" + num(m.integrated()) + ":measured_TP="
                    + num(m.truePeak())
                    + ":measured_LRA=" + num(m.loudness().rangeLu()) + ":measured_thresh=" + num(m.thresholdLufs())
                    + ":offset=" + num(m.targetOffsetLu()) + ":linear=true:print_format=summary";
        }
    }

    /** An ebur128 measurement, then a linear gain, with a limiter only where the gain would clip. */
    final class MeasureGainLimit implements LoudnessNormaliser {

        /*
         * alimiter limits sample peaks; peaks between samples (true peak) can rise about half a dB
         * above them, on top of the encoder's ringing.
         */
        static final double LIMITER_MARGIN_DB = 0.5 + CODEC_HEADROOM_DB;

        /*
         * Pass 1 measures sample peaks: true peak oversamples four times and made a third of the pass
         * (0.46 against 0.29 s of CPU on 2 minutes of speech). True peaks stand up to about half a dB over
         * sample peaks on ordinary material, the same allowance LIMITER_MARGIN_DB makes for alimiter; the
         * peak only decides whether the gain needs the limiter, and the delivered file's true peak is
         * measured anyway.
         */
        static final double INTER_SAMPLE_PEAK_DB = 0.5;

        @Override
        public String analysisFilter(LoudnessTarget target) {
            return "ebur128=peak=sample:framelog=verbose";
        }

        /** The ebur128 summary, its sample peak raised by {@link #INTER_SAMPLE_PEAK_DB} to stand for the true peak. */
        @Override
        public Measurement measurement(StderrLog log) throws IOException {
            Measurement sampled = Measurement.fromEbur128Summary(log);
            Loudness l = sampled.loudness();
            return new Measurement(
                    new Loudness(l.integratedLufs(), l.truePeakDbtp() + INTER_SAMPLE_PEAK_DB, l.rangeLu()),
                    sampled.thresholdLufs(),
                    sampled.targetOffsetLu());
        }

        @Override
        public String renderFilter(LoudnessTarget t, Measurement m) {
            double gain = t.integratedLufs() - m.integrated();
            return needsLimiter(t, m) ? gainAndLimiter(gain, t.truePeakDbtp()) : plainGain(gain);
        }

        /** The gain alone, for content whose peaks it keeps under the ceiling. */
        static String plainGain(double gainDb) {
            return "volume=" + num(gainDb) + "dB";
        }

        /** Whether the plain gain to the target would push the measured true peak over the ceiling. */
        static boolean needsLimiter(LoudnessTarget t, Measurement m) {
            return m.truePeak() + t.integratedLufs() - m.integrated() > t.truePeakDbtp();
        }

        /** The gain, then the look-ahead limiter that keeps the peaks it raises under the ceiling. */
        static String gainAndLimiter(double gainDb, double truePeakCeilingDbtp) {
            double limit = Math.pow(10, (truePeakCeilingDbtp - LIMITER_MARGIN_DB) / 20);
            return plainGain(gainDb) + ",alimiter=limit=" + String.format(Locale.ROOT, "%.4f", limit) + ":level=0";
        }
    }
}
