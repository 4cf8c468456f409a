package org.openloa.media.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/**
 * Finds, before anything is encoded, the gain at which gain plus limiter really reaches the aim.
 *
 * <p>Where the gain pushes peaks over the ceiling (most speech: its peaks stand 15 to 20 dB above its
 * loudness), the limiter takes loudness away with the peaks, by an amount only the content tells: on
 * espeak-ng speech a 3 dB gain lands 1.5 LU short. The fast path used to find out by encoding, decoding
 * and measuring the whole file, then rendering again up to three times. Instead one decode feeds several
 * gain-plus-limiter branches side by side ({@code asplit}), each measured by ebur128 without true peak
 * and without encoding (cheap filters; the encoder's own loss is calibrated apart), and the gain is read
 * off the measured curve. The delivered file is still measured afterwards, and still corrected if it
 * misses; that now happens rarely.
 */
final class LimiterTrial {

    /* Gains tried, above the plain gain: the correction loop never goes past 6 LU above the first aim either. */
    static final double[] STEPS_DB = {0, 1.5, 3, 4.5, 6};

    private static final Pattern SUMMARY = Pattern.compile("\\[Parsed_ebur128_(\\d+) @ [^]]*] Summary:");
    private static final Pattern I = Pattern.compile("^\\s*I:\\s+(\\S+) LUFS");

    private LimiterTrial() {}

    /** The gains, in dB, the trial renders: the plain gain to the aim, then steps above it. */
    static double[] gains(LoudnessTarget aim, Measurement measured) {
        double plain = aim.integratedLufs() - measured.integrated();
        double[] gains = new double[STEPS_DB.length];
        for (int i = 0; i < gains.length; i++) {
            gains[i] = plain + STEPS_DB[i];
        }
        return gains;
    }

    /**
     * A {@code -filter_complex} graph: one decoded input, downmixed as delivered, split into one branch
     * per gain, each limited exactly as {@link LoudnessNormaliser.MeasureGainLimit} would render it and
     * measured; branch {@code i} ends in the output label {@code [t<i>]}.
     */
    static String filterGraph(String channelLayoutFilter, LoudnessTarget aim, double[] gains) {
        StringBuilder graph = new StringBuilder("[0:a:0]" + channelLayoutFilter + ",asplit=" + gains.length);
        for (int i = 0; i < gains.length; i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < gains.length; i++) {
            graph.append(";[s")
                    .append(i)
                    .append(']')
                    .append(LoudnessNormaliser.MeasureGainLimit.gainAndLimiter(gains[i], aim.truePeakDbtp()))
                    .append(",ebur128=framelog=verbose[t")
                    .append(i)
                    .append(']');
        }
        return graph.toString();
    }

    /** ffmpeg's output options that take every branch of {@link #filterGraph} to a null sink. */
    static List<String> outputs(int branches) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            args.addAll(List.of("-map", "[t" + i + "]", "-f", "null", "-"));
        }
        return args;
    }

    /**
     * The integrated loudness of each branch, in the order of the graph. ffmpeg configures the graph
     * twice (the first time on no audio, printing −70 LUFS), so the last summary of each filter counts.
     */
    static double[] loudness(StderrLog log, int branches) throws IOException {
        Map<Integer, Double> byFilter = new TreeMap<>();
        Integer current = null;
        for (String line : log.lines()) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                current = Integer.parseInt(m.group(1));
                continue;
            }
            if (current != null && (m = I.matcher(line)).find()) {
                byFilter.put(current, Measurement.number(m.group(1)));
                current = null;
            }
        }
        if (byFilter.size() != branches) {
            throw new IOException(
                    "the limiter trial measured " + byFilter.size() + " of " + branches + " branches: " + log.tail(5));
        }
        // Filters are numbered in the order the graph names them, so branch order is numeric order.
        return byFilter.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The gain at which the measured curve crosses {@code aimLufs}: interpolated between the two
     * branches around it, extrapolated from the last two beyond them (a curve that no longer rises is
     * taken at its end). Loudness rises with gain, if ever more slowly as the limiter works harder.
     */
    static double gainFor(double aimLufs, double[] gains, double[] loudness) {
        int n = gains.length;
        if (aimLufs <= loudness[0]) {
            return gains[0] - (loudness[0] - aimLufs); // below the plain gain the limiter hardly works
        }
        for (int i = 1; i < n; i++) {
            if (aimLufs <= loudness[i]) {
                return interpolate(aimLufs, gains[i - 1], loudness[i - 1], gains[i], loudness[i]);
            }
        }
        double rise = loudness[n - 1] - loudness[n - 2];
        if (!(rise > 0.05)) {
            return gains[n - 1];
        }
        return interpolate(aimLufs, gains[n - 2], loudness[n - 2], gains[n - 1], loudness[n - 1]);
    }

    /**
     * LU of result per dB of gain around {@code gain}, from the two branches around it (the corrections
     * start from it), kept within the bounds the correction loop itself uses.
     */
    static double slopeAt(double gain, double[] gains, double[] loudness) {
        int i = 1;
        while (i < gains.length - 1 && gain > gains[i]) {
            i++;
        }
        double slope = (loudness[i] - loudness[i - 1]) / (gains[i] - gains[i - 1]);
        return Double.isNaN(slope) ? 1 : Math.max(0.2, Math.min(1.5, slope));
    }

    private static double interpolate(double y, double x0, double y0, double x1, double y1) {
        if (!(y1 - y0 > 1e-9)) {
            return x1;
        }
        return x0 + (y - y0) * (x1 - x0) / (y1 - y0);
    }
}
