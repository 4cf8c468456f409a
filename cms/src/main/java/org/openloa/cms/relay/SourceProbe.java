package org.openloa.cms.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listens to a relay source for a few seconds with ffmpeg (volumedetect), as a box would: a source that does not
 * answer, has no audio stream, or is silent throughout fails. ffmpeg rather than ffprobe because "answers" is not
 * enough: a studio encoder left on with the mixer down sends perfect silence.
 */
final class SourceProbe {

    private static final Pattern MAX_VOLUME = Pattern.compile("max_volume: (-?[0-9.]+|-inf) dB");

    private final String ffmpeg;
    private final Duration listen;
    private final Duration timeout;
    private final double silenceDb;

    SourceProbe(String ffmpeg, Duration listen, Duration timeout, double silenceDb) {
        this.ffmpeg = ffmpeg;
        this.listen = listen;
        this.timeout = timeout;
        this.silenceDb = silenceDb;
    }

    /** Empty when the source carries sound; else what is wrong, in words for the dashboard (English, technical). */
    Optional<String> problem(String url) {
        List<String> command = List.of(
                ffmpeg,
                "-hide_banner",
                "-nostdin",
                "-rw_timeout",
                Long.toString(timeout.toMillis() * 1000),
                "-formatprobesize",
                "8192",
                "-t",
                Long.toString(Math.max(1, listen.toSeconds())),
                "-i",
                url,
                "-vn",
                "-af",
                "volumedetect",
                "-f",
                "null",
                "-");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of("the probe could not run ffmpeg: " + e.getMessage());
        }
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // -nostdin: ffmpeg never reads it
            }
            AtomicReference<String> output = new AtomicReference<>("");
            Thread reader = new Thread(
                    () -> {
                        try (InputStream in = process.getInputStream()) {
                            output.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            // the process was killed
                        }
                    },
                    "relay-probe-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis() + listen.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("no answer within " + (timeout.plus(listen)).toSeconds() + " s");
            }
            reader.join(2000);
            String text = output.get();
            Matcher max = MAX_VOLUME.matcher(text);
            if (!max.find()) {
                return Optional.of(process.exitValue() != 0 ? "no answer: " + lastLine(text) : "no audio");
            }
            double level = "-inf".equals(max.group(1)) ? -200 : Double.parseDouble(max.group(1));
            if (level < silenceDb) {
                return Optional.of("silent (loudest " + Math.round(Math.max(level, -99)) + " dB)");
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of("the probe was interrupted");
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.length() > 200 ? last.substring(0, 200) : last;
    }
}
