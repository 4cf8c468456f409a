package org.openloa.media.audio;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/**
 * A loudness measurement as ffmpeg's filters print it, with the extra figures loudnorm's second pass
 * wants back (gating threshold and target offset).
 */
record Measurement(Loudness loudness, double thresholdLufs, double targetOffsetLu) {

    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern I = Pattern.compile("^\\s*I:\\s+(\\S+) LUFS");
    private static final Pattern THRESHOLD = Pattern.compile("^\\s*Threshold:\\s+(\\S+) LUFS");
    private static final Pattern LRA = Pattern.compile("^\\s*LRA:\\s+(\\S+) LU");
    private static final Pattern PEAK = Pattern.compile("^\\s*Peak:\\s+(\\S+) dBFS");

    double integrated() {
        return loudness.integratedLufs();
    }

    double truePeak() {
        return loudness.truePeakDbtp();
    }

    /** The JSON block loudnorm prints at the end of a pass with print_format=json. */
    static Measurement fromLoudnormJson(StderrLog log) throws IOException {
        List<String> lines = log.lines();
        int start = lastIndexContaining(lines, "[Parsed_loudnorm");
        Map<String, String> fields = new HashMap<>();
        for (String line : lines.subList(Math.max(start, 0), lines.size())) {
            Matcher m = JSON_FIELD.matcher(line);
            if (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
        }
        if (start < 0 || !fields.containsKey("input_i")) {
            throw new IOException("loudnorm printed no measurement: " + log.tail(5));
        }
        return new Measurement(
                new Loudness(
                        number(fields.get("input_i")), number(fields.get("input_tp")), number(fields.get("input_lra"))),
                number(fields.get("input_thresh")),
                number(fields.get("target_offset")));
    }

    /** The summary the ebur128 filter prints when it closes; the true peak is NaN unless it ran with peak=true. */
    static Measurement fromEbur128Summary(StderrLog log) throws IOException {
        List<String> lines = log.lines();
        int start = lastIndexContaining(lines, "Summary:");
        Double integrated = null;
        Double threshold = null;
        Double range = null;
        Double peak = null;
        for (String line : lines.subList(Math.max(start, 0), lines.size())) {
            Matcher m;
            if (integrated == null && (m = I.matcher(line)).find()) {
                integrated = number(m.group(1));
            } else if (integrated != null && threshold == null && (m = THRESHOLD.matcher(line)).find()) {
                threshold = number(m.group(1));
            } else if (range == null && (m = LRA.matcher(line)).find()) {
                range = number(m.group(1));
            } else if (peak == null && (m = PEAK.matcher(line)).find()) {
                peak = number(m.group(1));
            }
        }
        if (start < 0 || integrated == null) {
            throw new IOException("ebur128 printed no summary: " + log.tail(5));
        }
        // The peak is only there when asked for (peak=true).
        return new Measurement(
                new Loudness(integrated, peak == null ? Double.NaN : peak, range == null ? 0 : range),
                threshold == null ? -70 : threshold,
                0);
    }

    /** ffmpeg writes infinities as "inf" / "-inf", which Double.parseDouble does not read. */
    static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        String t = text.strip();
        return switch (t) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }

    private static int lastIndexContaining(List<String> lines, String text) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
