package org.openloa.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/**
 * Reads what a file contains, through ffprobe when there is one and through {@code ffmpeg -i}
 * otherwise (the bundled ffmpeg has no ffprobe), and decides from that alone whether it can be audio.
 * Header-level only: whether the sound really decodes is learnt in the first full pass.
 */
final class Probing {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** ffmpeg's demuxers for still images and text: a picture renamed .mp3 is "not audio", not "a video without sound". */
    private static final Set<String> PICTURE_FORMATS = Set.of("image2", "gif", "apng", "tty", "ico", "webp");

    private static final Set<String> PICTURE_CODECS = Set.of(
            "png", "bmp", "gif", "webp", "tiff", "ansi", "jpeg2000", "jpegls", "svg", "apng", "ico", "qoi", "jpegxl");

    private static final Pattern INPUT = Pattern.compile("^Input #0, (.*), from '");
    private static final Pattern DURATION =
            Pattern.compile("^\\s*Duration: (?:(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)|N/A)");
    private static final Pattern STREAM =
            Pattern.compile("^\\s*Stream #0:(\\d+)(?:\\[[^]]*])?(?:\\([^)]*\\))?: (\\w+): (.*)$");
    private static final Pattern RATE = Pattern.compile("(\\d+) Hz");
    private static final Pattern LAYOUT = Pattern.compile("Hz, ([^,]+)");
    private static final Pattern CHANNELS = Pattern.compile("^(\\d+) channels");
    private static final Map<String, Integer> LAYOUTS = Map.ofEntries(
            Map.entry("mono", 1),
            Map.entry("stereo", 2),
            Map.entry("downmix", 2),
            Map.entry("2.1", 3),
            Map.entry("3.0", 3),
            Map.entry("3.1", 4),
            Map.entry("4.0", 4),
            Map.entry("quad", 4),
            Map.entry("4.1", 5),
            Map.entry("5.0", 5),
            Map.entry("5.1", 6),
            Map.entry("6.0", 6),
            Map.entry("6.1", 7),
            Map.entry("7.0", 7),
            Map.entry("7.1", 8));
    private static final Pattern FLAT_STREAM = Pattern.compile("^streams\\.stream\\.(\\d+)\\.(\\w+)=(.*)$");
    private static final Pattern FLAT_FORMAT = Pattern.compile("^format\\.(\\w+)=(.*)$");

    record Stream(String type, String codec, int sampleRate, int channels) {
        boolean isAudio() {
            return "audio".equals(type);
        }
    }

    /** A container as a prober described it; {@code opened} is false when no demuxer recognised the bytes. */
    record Container(
            boolean opened,
            String format,
            List<Stream> streams,
            long durationMicros,
            boolean durationEstimated,
            StderrLog log) {

        Optional<Stream> firstAudio() {
            return streams.stream().filter(Stream::isAudio).findFirst();
        }
    }

    private Probing() {}

    static Container probe(Ffmpeg ffmpeg, Path input) throws IOException {
        return ffmpeg.ffprobe().isPresent()
                ? withFfprobe(ffmpeg.ffprobe().get(), input)
                : withFfmpeg(ffmpeg.executable(), input);
    }

    static Container withFfprobe(Path ffprobe, Path input) throws IOException {
        StringBuilder out = new StringBuilder();
        FfmpegProcess.Result result = FfmpegProcess.run(
                List.of(
                        ffprobe.toString(),
                        "-hide_banner",
                        "-v",
                        "warning",
                        "-show_entries",
                        "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels",
                        "-of",
                        "flat",
                        input.toString()),
                in -> out.append(read(in)),
                TIMEOUT);
        return parseFlat(out.toString(), result.exitCode(), result.stderr());
    }

    static Container withFfmpeg(Path ffmpeg, Path input) throws IOException {
        // Without an output ffmpeg describes the input on stderr and exits 1 ("At least one output file
        // must be specified"); the description is the answer, the exit code means nothing here.
        FfmpegProcess.Result result = FfmpegProcess.run(
                List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-i", input.toString()),
                FfmpegProcess.StdoutHandler.DISCARD,
                TIMEOUT);
        return parseFfmpegInput(result.stderr());
    }

    /** Parses the "Input #0" section ffmpeg prints at log level info, here and in every later pass. */
    static Container parseFfmpegInput(StderrLog log) {
        String format = null;
        long duration = -1;
        List<Stream> streams = new ArrayList<>();
        for (String line : log.lines()) {
            Matcher m;
            if (format == null) {
                if ((m = INPUT.matcher(line)).find()) {
                    format = m.group(1);
                }
                continue;
            }
            if (line.startsWith("Output #") || line.startsWith("Stream mapping:")) {
                break;
            }
            if ((m = DURATION.matcher(line)).find() && m.group(1) != null) {
                duration = Math.round((Long.parseLong(m.group(1)) * 3600
                                + Long.parseLong(m.group(2)) * 60
                                + Double.parseDouble(m.group(3)))
                        * 1_000_000);
            } else if ((m = STREAM.matcher(line)).find()) {
                streams.add(stream(m.group(2).toLowerCase(Locale.ROOT), m.group(3)));
            }
        }
        return new Container(format != null, format, streams, duration, estimated(log), log);
    }

    private static Stream stream(String type, String description) {
        String codec = description.split("[ ,]", 2)[0];
        if (!type.equals("audio")) {
            return new Stream(type, codec, 0, 0);
        }
        Matcher rate = RATE.matcher(description);
        Matcher layout = LAYOUT.matcher(description);
        int channels = 0;
        if (layout.find()) {
            String name = layout.group(1).strip();
            Matcher count = CHANNELS.matcher(name);
            channels = count.find()
                    ? Integer.parseInt(count.group(1))
                    : LAYOUTS.getOrDefault(name.replaceFirst("\\(.*", ""), 0);
        }
        return new Stream(type, codec, rate.find() ? Integer.parseInt(rate.group(1)) : 0, channels);
    }

    static Container parseFlat(String flat, int exitCode, StderrLog log) {
        Map<Integer, Map<String, String>> streams = new TreeMap<>();
        Map<String, String> format = new TreeMap<>();
        flat.lines().forEach(line -> {
            Matcher m = FLAT_STREAM.matcher(line);
            if (m.find()) {
                streams.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>())
                        .put(m.group(2), unquote(m.group(3)));
            } else if ((m = FLAT_FORMAT.matcher(line)).find()) {
                format.put(m.group(1), unquote(m.group(2)));
            }
        });
        if (exitCode != 0 || !format.containsKey("format_name")) {
            return new Container(false, null, List.of(), -1, false, log);
        }
        List<Stream> list = streams.values().stream()
                .map(s -> new Stream(
                        s.getOrDefault("codec_type", ""),
                        s.get("codec_name"),
                        intOf(s.get("sample_rate")),
                        intOf(s.get("channels"))))
                .toList();
        String seconds = format.get("duration");
        long duration = seconds == null || !seconds.matches("[0-9.]+")
                ? -1
                : Math.round(Double.parseDouble(seconds) * 1_000_000);
        return new Container(true, format.get("format_name"), list, duration, estimated(log), log);
    }

    /** Turns a container description into what the upload is, or why it is refused. */
    static AudioInfo classify(Container container, long sizeBytes) throws AudioRefusedException {
        if (!container.opened()) {
            if (container.log().contains("moov atom not found")) {
                throw new AudioRefusedException(
                        Refusal.TRUNCATED, "an MP4/M4A without its index (moov atom): the file was cut short");
            }
            throw new AudioRefusedException(
                    Refusal.NOT_AUDIO,
                    "no media format recognised: " + container.log().tail(2));
        }
        Optional<Stream> audio = container.firstAudio();
        if (audio.isEmpty()) {
            boolean moving = container.streams().stream()
                    .anyMatch(s -> s.type().equals("video") && !PICTURE_CODECS.contains(s.codec()));
            String format = container.format();
            if (moving && !format.endsWith("_pipe") && !PICTURE_FORMATS.contains(format)) {
                throw new AudioRefusedException(
                        Refusal.NO_AUDIO_STREAM, "a " + format + " file with video but no audio");
            }
            throw new AudioRefusedException(Refusal.NOT_AUDIO, "a " + format + " file with no audio stream");
        }
        Stream stream = audio.get();
        if (stream.codec() == null
                || stream.codec().isBlank()
                || stream.codec().equals("none")
                || stream.codec().equals("unknown")) {
            throw new AudioRefusedException(
                    Refusal.UNDECODABLE, "an audio stream in a codec this ffmpeg does not know");
        }
        Optional<Duration> duration = container.durationMicros() > 0
                ? Optional.of(Duration.ofNanos(container.durationMicros() * 1000))
                : Optional.empty();
        return new AudioInfo(
                sizeBytes,
                container.format(),
                stream.codec(),
                stream.sampleRate(),
                stream.channels(),
                duration,
                container.durationEstimated());
    }

    private static boolean estimated(StderrLog log) {
        return log.contains("Estimating duration from bitrate");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static int intOf(String value) {
        return value != null && value.matches("\\d+") ? Integer.parseInt(value) : 0;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
