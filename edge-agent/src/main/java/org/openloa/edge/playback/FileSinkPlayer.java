package org.openloa.edge.playback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openloa.edge.support.Signal;
import org.openloa.edge.support.Threads;

/**
 * The file sink ({@code player=file:<dir>}): plays into files instead of a loudspeaker, for tests,
 * simulation and acceptance. Each play becomes a WAV decoded by ffmpeg with the volume applied, lasting
 * as long as the play really lasted (a stopped play is cut where it stopped), plus one line in
 * {@code plays.log}: started, ended, item, media, the SHA-256 of the bytes it played, result, file.
 * Without ffmpeg it copies the original bytes and says so on the line.
 * <p>
 * A play takes as long as the media does, in real time, like a loudspeaker, so interruptions and
 * timing behave as they would on air.
 */
final class FileSinkPlayer implements Player {

    private static final Logger LOG = Logger.getLogger(FileSinkPlayer.class.getName());
    static final String LOG_FILE = "plays.log";

    private static final Map<String, String> EXTENSIONS = Map.of(
            "audio/mpeg",
            "mp3",
            "audio/mp3",
            "mp3",
            "audio/wav",
            "wav",
            "audio/x-wav",
            "wav",
            "audio/wave",
            "wav",
            "audio/ogg",
            "ogg",
            "audio/opus",
            "opus",
            "audio/aac",
            "aac",
            "audio/mp4",
            "m4a",
            "audio/flac",
            "flac");

    private final Path dir;
    private final String ffmpeg;
    private final boolean decodes;
    private final Clock clock;
    private final AtomicInteger sequence;
    private final Object logLock = new Object();

    FileSinkPlayer(Path dir, String ffmpeg, Clock clock) {
        this.dir = dir;
        this.ffmpeg = ffmpeg;
        this.clock = clock;
        this.decodes = runs(ffmpeg);
        try {
            Files.createDirectories(dir);
            this.sequence = new AtomicInteger(highestSequence(dir));
        } catch (IOException e) {
            throw new IllegalArgumentException("the file sink cannot use " + dir + ": " + e.getMessage(), e);
        }
        if (!decodes) {
            LOG.warning(() -> "file sink: '" + ffmpeg
                    + "' does not run, so plays are copied as their original bytes, not decoded to WAV");
        }
    }

    @Override
    public Playback start(PlayRequest request) {
        String name = String.format(
                Locale.ROOT,
                "%06d-%s",
                sequence.incrementAndGet(),
                safe(request.mediaId() != null ? request.mediaId() : "stream"));
        SinkPlay play = new SinkPlay(request, name, clock.instant(), System.nanoTime());
        Threads.start("file-sink", play::run);
        return play;
    }

    private final class SinkPlay implements Playback {
        private final PlayRequest request;
        private final String name;
        private final Instant started;
        private final long startedNanos;
        private final CompletableFuture<Ending> ended = new CompletableFuture<>();
        private final Signal stop = new Signal();
        private volatile boolean stopped;

        SinkPlay(PlayRequest request, String name, Instant started, long startedNanos) {
            this.request = request;
            this.name = name;
            this.started = started;
            this.startedNanos = startedNanos;
        }

        @Override
        public CompletableFuture<Ending> ended() {
            return ended;
        }

        @Override
        public void stop() {
            stopped = true;
            stop.raise();
            try {
                ended.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warning(() -> "file sink: play " + name + " did not stop in time");
            }
        }

        void run() {
            Ending ending;
            try {
                ending = request.file() != null ? playFile() : recordStream();
            } catch (IOException | RuntimeException e) {
                ending = Ending.failed("file sink: " + e.getMessage());
                line(null, "failed", "-", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ending = Ending.failed("file sink interrupted");
            }
            ended.complete(ending);
        }

        private Ending playFile() throws IOException, InterruptedException {
            String sha256 = sha256(request.file());
            Path out;
            long duration;
            String note = null;
            if (decodes) {
                out = dir.resolve(name + ".wav");
                decode(request.file(), out);
                duration = Wav.read(out).durationMs();
            } else {
                out = dir.resolve(name + "." + EXTENSIONS.getOrDefault(String.valueOf(request.mimeType()), "bin"));
                Files.copy(request.file(), out, StandardCopyOption.REPLACE_EXISTING);
                duration = request.durationMs();
                note = "ffmpeg not available: original bytes copied, not decoded, volume not applied";
            }
            long left = duration - elapsedMillis();
            if (!stopped && left > 0) {
                stop.await(Duration.ofMillis(left));
            }
            long played = Math.min(duration, elapsedMillis());
            if (stopped && decodes) {
                Wav.truncate(out, played);
            }
            line(sha256, stopped ? "stopped" : "complete", out.getFileName().toString(), note);
            return stopped ? Ending.failed("stopped") : Ending.PLAYED;
        }

        /** A stream is recorded by ffmpeg until the play is stopped; 'q' on its stdin ends it cleanly. */
        private Ending recordStream() throws IOException, InterruptedException {
            if (!decodes) {
                line(null, "failed", "-", "the file sink needs ffmpeg to record a stream");
                return Ending.failed("the file sink needs ffmpeg to record a stream");
            }
            Path out = dir.resolve(name + ".wav");
            Process process = new ProcessBuilder(
                            ffmpegArguments(request.stream().toString(), out))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            while (!stopped && process.isAlive()) {
                stop.await(Duration.ofMillis(500));
            }
            if (process.isAlive()) {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write('q');
                } catch (IOException e) {
                    // it is ending anyway
                }
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                line(null, "stopped", out.getFileName().toString(), null);
                return Ending.failed("stopped");
            }
            boolean ok = process.exitValue() == 0;
            line(
                    null,
                    ok ? "complete" : "failed",
                    out.getFileName().toString(),
                    ok ? null : "ffmpeg exited with " + process.exitValue());
            return ok
                    ? Ending.PLAYED
                    : Ending.failed("recording the stream failed: ffmpeg exited with " + process.exitValue());
        }

        private void decode(Path in, Path out) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(ffmpegArguments(in.toString(), out))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] output;
            try (InputStream stdout = process.getInputStream()) {
                output = stdout.readAllBytes();
            }
            if (process.waitFor() != 0) {
                throw new IOException("ffmpeg could not decode " + in.getFileName() + ": "
                        + new String(output, StandardCharsets.UTF_8).trim());
            }
        }

        private List<String> ffmpegArguments(String input, Path out) {
            List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y"));
            if (liveStream()) {
                // A live session is played from its URL straight away (not through a relay): ffmpeg's default
                // format probe may read up to 1 MiB before the first sample (7.7 s to first sound on a relay's
                // mount, docs/benchmarks.md). The relay's decoder uses the same small probe.
                command.addAll(List.of(
                        "-fflags",
                        "nobuffer",
                        "-formatprobesize",
                        "8192",
                        "-probesize",
                        "32768",
                        "-analyzeduration",
                        "0"));
            }
            command.addAll(List.of(
                    "-i",
                    input,
                    "-af",
                    "volume=" + request.gain(),
                    "-map_metadata",
                    "-1",
                    "-fflags",
                    "+bitexact",
                    "-flags:a",
                    "+bitexact",
                    "-c:a",
                    "pcm_s16le",
                    "-f",
                    "wav"));
            if (liveStream()) {
                // Written as decoded, not in 32 KiB blocks: the WAV grows as a loudspeaker would sound.
                command.addAll(List.of("-flush_packets", "1"));
            }
            command.add(out.toString());
            return command;
        }

        /**
         * A stream played straight from its URL (a LIVE item), not a relay's loopback WAV, which the relay already
         * decodes with these flags and serves in real time.
         */
        private boolean liveStream() {
            return request.stream() != null && !"audio/wav".equals(request.mimeType());
        }

        private long elapsedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }

        private void line(String sha256, String result, String file, String note) {
            StringBuilder line = new StringBuilder()
                    .append("started=")
                    .append(started)
                    .append(" ended=")
                    .append(clock.instant())
                    .append(" item=")
                    .append(request.itemId())
                    .append(" media=")
                    .append(request.mediaId() != null ? request.mediaId() : "-")
                    .append(" sha256=")
                    .append(sha256 != null ? sha256 : "-")
                    .append(" volume=")
                    .append(request.volume())
                    .append(" result=")
                    .append(result)
                    .append(" file=")
                    .append(file);
            if (request.stream() != null) {
                line.append(" stream=").append(request.stream());
            }
            if (note != null) {
                line.append(" note=\"")
                        .append(note.replace('"', '\'').replace('\n', ' '))
                        .append('"');
            }
            line.append('\n');
            synchronized (logLock) {
                try {
                    Files.writeString(
                            dir.resolve(LOG_FILE),
                            line,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.SYNC);
                } catch (IOException e) {
                    LOG.warning(() -> "file sink: cannot append to " + LOG_FILE + ": " + e.getMessage());
                }
            }
        }
    }

    /** The SHA-256 of the bytes actually played, so plays.log proves which file went out. */
    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean runs(String ffmpeg) {
        try {
            Process process = new ProcessBuilder(ffmpeg, "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Continues numbering after a restart, so earlier plays' files are never overwritten. */
    private static int highestSequence(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.length() > 7
                            && n.charAt(6) == '-'
                            && n.substring(0, 6).chars().allMatch(Character::isDigit))
                    .mapToInt(n -> Integer.parseInt(n.substring(0, 6)))
                    .max()
                    .orElse(0);
        }
    }

    private static String safe(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 60 ? safe.substring(0, 60) : safe;
    }
}
