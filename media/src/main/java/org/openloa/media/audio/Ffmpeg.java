package org.openloa.media.audio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The ffmpeg this process uses, and the ffprobe beside it when there is one.
 *
 * <p>{@link #locate()} prefers the system's ffmpeg (Debian's is newer and has ffprobe) and falls
 * back to the static ffmpeg 4.4 that JAVE's jave-nativebin-linux64 jar carries, so a fresh machine
 * with only Java can still ingest audio. That binary has no ffprobe: probing then goes through
 * {@code ffmpeg -i}, which is why ffprobe is optional everywhere in this package.
 */
public final class Ffmpeg {

    /** Where the binary came from, worth showing on an admin page when results differ between hosts. */
    public enum Origin {
        CONFIGURED,
        SYSTEM,
        BUNDLED
    }

    private static final String BUNDLED_RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final Path executable;
    private final Path ffprobe;
    private final Origin origin;
    private final String version;

    private Ffmpeg(Path executable, Path ffprobe, Origin origin, String version) {
        this.executable = executable;
        this.ffprobe = ffprobe;
        this.origin = origin;
        this.version = version;
    }

    /** The system's ffmpeg and ffprobe if ffmpeg is on PATH, else the bundled ffmpeg. */
    public static Ffmpeg locate() throws IOException {
        Optional<Path> system = onPath("ffmpeg");
        if (system.isEmpty()) {
            return bundled();
        }
        Path ffmpeg = system.get();
        Path probe = beside(ffmpeg, "ffprobe").or(() -> onPath("ffprobe")).orElse(null);
        return checked(ffmpeg, probe, Origin.SYSTEM);
    }

    /**
     * A configured ffmpeg, with the ffprobe in the same directory if there is one. Fails rather than
     * falling back, so a wrong path in the configuration is noticed at start-up.
     */
    public static Ffmpeg at(Path ffmpeg) throws IOException {
        return checked(ffmpeg, beside(ffmpeg, "ffprobe").orElse(null), Origin.CONFIGURED);
    }

    /** JAVE's static ffmpeg, extracted under the system temp folder. */
    public static Ffmpeg bundled() throws IOException {
        return bundled(Path.of(System.getProperty("java.io.tmpdir"), "openloa-ffmpeg"));
    }

    /**
     * JAVE's static ffmpeg, extracted into {@code directory} (pick one on a filesystem that allows
     * executing files if the temp folder is mounted noexec).
     */
    public static Ffmpeg bundled(Path directory) throws IOException {
        return checked(extractBundled(directory), null, Origin.BUNDLED);
    }

    /** The same ffmpeg, probing through {@code ffmpeg -i} even though an ffprobe exists. */
    public Ffmpeg withoutFfprobe() {
        return new Ffmpeg(executable, null, origin, version);
    }

    public Path executable() {
        return executable;
    }

    public Optional<Path> ffprobe() {
        return Optional.ofNullable(ffprobe);
    }

    public Origin origin() {
        return origin;
    }

    /** The first line of {@code ffmpeg -version}, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return version + " (" + origin.name().toLowerCase(Locale.ROOT) + ", " + executable
                + (ffprobe == null ? ", no ffprobe)" : ", " + ffprobe + ")");
    }

    /** How often a binary that is "busy" (ETXTBSY) is tried before it counts as not running. */
    private static final int TEXT_FILE_BUSY_ATTEMPTS = 5;

    private static Ffmpeg checked(Path ffmpeg, Path ffprobe, Origin origin) throws IOException {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        if (!Files.isRegularFile(ffmpeg) || !Files.isExecutable(ffmpeg)) {
            throw new IOException("ffmpeg at " + ffmpeg + " is not an executable file");
        }
        StringBuilder out = new StringBuilder();
        FfmpegProcess.Result result = null;
        for (int attempt = 1; attempt <= TEXT_FILE_BUSY_ATTEMPTS; attempt++) {
            out.setLength(0);
            result = FfmpegProcess.run(
                    List.of(ffmpeg.toString(), "-hide_banner", "-version"),
                    in -> out.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)),
                    VERSION_TIMEOUT);
            // ETXTBSY: a process another thread was starting while this binary was being written (just extracted)
            // inherited the file's write descriptor, and holds it until that process has started. It passes.
            if (result.exitCode() == 0 || !(out + result.stderr().tail(3)).contains("Text file busy")) {
                break;
            }
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking " + ffmpeg, e);
            }
        }
        String first = out.toString().lines().findFirst().orElse("");
        if (result.exitCode() != 0 || !first.startsWith("ffmpeg version")) {
            throw new IOException(ffmpeg + " does not run as ffmpeg: " + first
                    + result.stderr().tail(3));
        }
        String version = first.replaceFirst(" Copyright.*", "");
        return new Ffmpeg(ffmpeg.toAbsolutePath(), ffprobe == null ? null : ffprobe.toAbsolutePath(), origin, version);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> beside(Path ffmpeg, String name) {
        Path dir = ffmpeg.toAbsolutePath().getParent();
        Path candidate = dir == null ? null : dir.resolve(name);
        return candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate)
                : Optional.empty();
    }

    /*
     * JAVE's own DefaultFFMPEGLocator copies the binary in place and chmods it in a separate process
     * without waiting; two JVMs starting together (two cms nodes, parallel test forks) can then run a
     * half-written file. Here the copy goes to a temp name and is renamed into place, so whoever sees
     * the final name sees the whole binary.
     */
    private static Path extractBundled(Path directory) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("no ffmpeg on PATH, and the bundled ffmpeg exists for Linux x86-64 only (this is "
                    + os + "/" + arch + "): install ffmpeg or configure its path");
        }
        URL resource = Ffmpeg.class.getClassLoader().getResource(BUNDLED_RESOURCE);
        if (resource == null) {
            throw new IOException("no ffmpeg on PATH, and ws.schild:jave-nativebin-linux64 is not on the classpath");
        }
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        Path target = directory.resolve("ffmpeg-amd64-" + size);
        if (Files.isExecutable(target) && size > 0 && Files.size(target) == size) {
            return target;
        }
        Files.createDirectories(directory);
        Path part = Files.createTempFile(directory, "ffmpeg-", ".part");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }
}
