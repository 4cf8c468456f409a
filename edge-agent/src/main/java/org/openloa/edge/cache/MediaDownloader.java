package org.openloa.edge.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.Reply;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Signal;
import org.openloa.edge.support.Threads;
import org.openloa.protocol.Manifest.Media;

/**
 * Fetches one media into the cache: resumes a {@code .part} file with a Range request, hashes while
 * writing, and renames the file to its final name only when its size and SHA-256 match the manifest.
 * A file that does not match is deleted: never played, fetched again later, reported.
 */
public final class MediaDownloader {

    private static final Logger LOG = Logger.getLogger(MediaDownloader.class.getName());
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final CmsLink link;
    private final MediaCache cache;
    private final Duration stall;
    /** Raised to end the watchdog of the download in flight, which then closes its body. */
    private volatile Signal inFlight;

    private volatile boolean setAside;

    public MediaDownloader(CmsLink link, MediaCache cache, Duration stall) {
        this.link = link;
        this.cache = cache;
        this.stall = stall;
    }

    /** The media's URL: its own (absolute, or relative to the manifest's URL), else /edge/v1/media/{id}. */
    URI source(Media media) {
        URI manifest = link.endpoint("edge/v1/manifest");
        if (media.url() == null || media.url().isBlank()) {
            return link.endpoint("edge/v1/media/"
                    + URLEncoder.encode(media.id(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return manifest.resolve(media.url());
    }

    /**
     * Stops the download in flight soon, keeping its .part file: {@link #download} then throws a
     * {@link DownloadFailed} that says {@link DownloadFailed#setAside() setAside}.
     */
    public void setAside() {
        setAside = true;
        Signal watchdog = inFlight;
        if (watchdog != null) {
            watchdog.raise();
        }
    }

    public void download(Media media) throws DownloadFailed, InterruptedException {
        setAside = false;
        Path part = cache.partFile(media);
        try {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > media.size()) {
                Files.delete(part);
                have = 0;
            }
            if (have == media.size() && have > 0) {
                install(media, part, hash(part, have));
                return;
            }
            fetch(media, part, have);
        } catch (IOException e) {
            throw new DownloadFailed("download interrupted (" + e.getMessage() + "); it will resume", true);
        }
    }

    private void fetch(Media media, Path part, long have) throws IOException, InterruptedException, DownloadFailed {
        URI uri = source(media);
        Reply<InputStream> reply = link.stream(uri, have > 0 ? Map.of("Range", "bytes=" + have + "-") : Map.of());
        try (InputStream body = reply.body()) {
            long from;
            if (reply.status() == 206) {
                from = rangeStart(reply);
                if (from != have) {
                    Files.deleteIfExists(part);
                    throw new DownloadFailed(
                            "the server resumed at byte " + from + " instead of " + have + "; starting over", true);
                }
            } else if (reply.status() == 200) {
                from = 0;
            } else if (reply.status() == 416) {
                Files.deleteIfExists(part);
                throw new DownloadFailed("HTTP 416 for bytes " + have + "-; starting over", true);
            } else {
                throw new DownloadFailed("HTTP " + reply.status() + " from " + describe(uri), false);
            }
            if (from > 0) {
                LOG.info(() -> "cache: resuming media " + media.id() + " at byte " + from + " of " + media.size());
            }
            MessageDigest digest = hash(part, from);
            long total = copy(body, part, from, media.size(), digest);
            if (total < media.size()) {
                throw new DownloadFailed(
                        "the download ended after " + total + " of " + media.size() + " bytes; it will resume", true);
            }
            install(media, part, digest);
        }
    }

    /** Appends the body to the part file from {@code from}; gives up when nothing arrives for the stall time. */
    private long copy(InputStream body, Path part, long from, long size, MessageDigest digest)
            throws IOException, DownloadFailed {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicBoolean asideNow = new AtomicBoolean();
        Signal finished = new Signal();
        inFlight = finished;
        Threads.start("download-watchdog", () -> watch(body, lastProgress, stalled, asideNow, finished));
        long total = from;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(from);
            out.position(from);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                lastProgress.set(System.nanoTime());
                if (total + n > size) {
                    Files.deleteIfExists(part);
                    throw new DownloadFailed("the server sent more than the manifest's " + size + " bytes", false);
                }
                digest.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                total += n;
            }
            out.force(true);
        } catch (IOException e) {
            if (asideNow.get()) {
                throw new DownloadFailed("set aside for an emergency's media; it will resume", true, true);
            }
            // A read that timed out (the link's timeout) stalled as surely as one the watchdog closed.
            if (stalled.get() || e instanceof SocketTimeoutException) {
                throw new DownloadFailed("nothing arrived for " + stall.toSeconds() + " s; it will resume", true);
            }
            throw e;
        } finally {
            inFlight = null;
            finished.raise();
        }
        if (asideNow.get()) {
            throw new DownloadFailed("set aside for an emergency's media; it will resume", true, true);
        }
        if (stalled.get()) {
            throw new DownloadFailed("nothing arrived for " + stall.toSeconds() + " s; it will resume", true);
        }
        return total;
    }

    /**
     * Closes a body that stopped moving, or that is set aside. The close takes effect when the read under way
     * returns: with the next bytes, or at the latest after the link's read timeout.
     */
    private void watch(
            InputStream body, AtomicLong lastProgress, AtomicBoolean stalled, AtomicBoolean aside, Signal finished) {
        Duration tick = Duration.ofMillis(Math.max(50, Math.min(1000, stall.toMillis() / 4)));
        try {
            while (true) {
                boolean raised = finished.await(tick);
                if (setAside && inFlight == finished) {
                    aside.set(true);
                    body.close();
                    return;
                }
                if (raised) {
                    return;
                }
                if (System.nanoTime() - lastProgress.get() > stall.toNanos()) {
                    stalled.set(true);
                    body.close();
                    return;
                }
            }
        } catch (InterruptedException | IOException e) {
            // the download is ending anyway
        }
    }

    private void install(Media media, Path part, MessageDigest digest) throws IOException, DownloadFailed {
        String actual = HexFormat.of().formatHex(digest.digest());
        long size = Files.size(part);
        if (size != media.size() || !actual.equals(media.sha256())) {
            Files.deleteIfExists(part);
            throw new DownloadFailed(
                    "sha256 mismatch: expected " + media.sha256() + " (" + media.size() + " bytes), got " + actual
                            + " (" + size + " bytes); deleted",
                    false);
        }
        AtomicFiles.move(part, cache.file(media));
        AtomicFiles.syncDirectory(part.getParent());
        LOG.info(() -> "cache: media " + media.id() + " verified (" + size + " bytes)");
    }

    /** A digest primed with the first {@code length} bytes already in the part file. */
    private static MessageDigest hash(Path part, long length) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        if (length == 0) {
            return digest;
        }
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return digest;
    }

    private static long rangeStart(Reply<?> reply) throws DownloadFailed {
        String header = reply.header("Content-Range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(header);
        if (!matcher.matches()) {
            throw new DownloadFailed("a 206 answer without a usable Content-Range: '" + header + "'", true);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** A URL for the log without its query, which for a presigned URL is a secret. */
    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
