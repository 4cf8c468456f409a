package org.openloa.edge.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.Media;

/**
 * What is in the cache, what the plan needs next, and what may go. Files are named by SHA-256, so a
 * file's name says what its bytes must be, and two media ids with the same bytes share one file.
 * <p>
 * Media the manifest lists in {@code purge} are deleted at once; other media the plan no longer needs
 * stay as a warm cache until the quota needs their room (oldest first), so a plan that drops and
 * re-adds a bulletin does not cost a second download over 3G.
 */
public final class MediaCache {

    private static final Logger LOG = Logger.getLogger(MediaCache.class.getName());
    private static final String PART = ".part";

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Failure> failures = new HashMap<>();
    /**
     * The SHA-256 of every media id seen since the agent started, to find the file of a purged id the
     * current manifest no longer lists. (After a restart such a file is still removed when the quota
     * needs its room.)
     */
    private final Map<String, String> hashOf = new HashMap<>();

    private Manifest manifest;

    /** Why a media is not in the cache yet, and when to try again. */
    private record Failure(String mediaId, String reason, Instant at, int attempts, Instant retryAt) {}

    public MediaCache(Path dir, long maxBytes, Clock clock) throws IOException {
        this.dir = AtomicFiles.ownerOnlyDirectory(dir);
        this.maxBytes = maxBytes;
        this.clock = clock;
        AtomicFiles.deleteLeftovers(dir);
    }

    /** The verified file of {@code media}, if the cache holds it. Never a partial download. */
    public Optional<Path> ready(Media media) {
        Path file = file(media);
        try {
            return Files.isRegularFile(file) && Files.size(file) == media.size() ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path file(Media media) {
        return dir.resolve(media.sha256());
    }

    Path partFile(Media media) {
        return dir.resolve(media.sha256() + PART);
    }

    /** A new plan: purge what it says to, forget failures of media it no longer lists. */
    public synchronized void plan(Manifest next, Manifest previous) {
        this.manifest = next;
        Set<String> wanted = wantedHashes();
        for (Manifest known : new Manifest[] {previous, next}) {
            if (known != null) {
                known.media().forEach(m -> hashOf.put(m.id(), m.sha256()));
            }
        }
        for (String id : next.purge()) {
            String sha = hashOf.get(id);
            if (sha != null && !wanted.contains(sha)) {
                delete(dir.resolve(sha), "purged by the manifest (media " + id + ")");
                delete(dir.resolve(sha + PART), null);
            }
        }
        failures.keySet().retainAll(wanted);
    }

    /**
     * The media to fetch next: an unfinished EMERGENCY item's before anything else, then the one its
     * earliest unfinished item needs soonest (media no item needs any more are not fetched; listed media
     * without items come last), skipping those waiting to retry and those the quota cannot hold.
     */
    public synchronized Optional<Media> next(Instant now) {
        if (manifest == null) {
            return Optional.empty();
        }
        Map<String, Instant> needBy = needBy(now);
        Set<String> urgent = urgent(now);
        List<Media> missing = manifest.media().stream()
                .filter(m -> needBy.containsKey(m.id()))
                .filter(m -> ready(m).isEmpty())
                .filter(m -> !failures.containsKey(m.sha256())
                        || !failures.get(m.sha256()).retryAt().isAfter(now))
                .sorted(Comparator.comparing((Media m) -> !urgent.contains(m.id()))
                        .thenComparing(m -> needBy.get(m.id()))
                        .thenComparing(Media::id))
                .toList();
        for (Media media : missing) {
            if (makeRoom(media)) {
                return Optional.of(media);
            }
            fail(media, "the cache quota (" + maxBytes + " bytes) cannot hold it", Duration.ofMinutes(10));
        }
        return Optional.empty();
    }

    /**
     * Whether a download of {@code inFlight} should be set aside (it resumes later from its .part file):
     * it is not an emergency's, and an emergency's media is missing.
     */
    public synchronized boolean outranked(Media inFlight, Instant now) {
        if (manifest == null) {
            return false;
        }
        Set<String> urgent = urgent(now);
        return !urgent.contains(inFlight.id())
                && manifest.media().stream().anyMatch(m -> urgent.contains(m.id()) && ready(m).isEmpty());
    }

    /**
     * The items not yet ended whose media are all verified now (a stream has none, so it is always
     * ready): for the READY event.
     */
    public synchronized List<Manifest.Item> readyItems(Instant now) {
        if (manifest == null) {
            return List.of();
        }
        return manifest.items().stream()
                .filter(i -> i.end().toInstant().isAfter(now))
                .filter(i -> i.mediaIds().stream()
                        .allMatch(id ->
                                manifest.mediaWithId(id).flatMap(this::ready).isPresent()))
                .toList();
    }

    /** When a media waiting to retry may be tried again. */
    public synchronized Optional<Instant> nextRetry() {
        return failures.values().stream().map(Failure::retryAt).min(Comparator.naturalOrder());
    }

    public synchronized void succeeded(Media media) {
        failures.remove(media.sha256());
    }

    /**
     * A download failed. An interrupted one (kept .part) is retried soon; anything else (a bad
     * checksum, an HTTP error) with a backoff from 30 s doubling up to 30 minutes.
     */
    public synchronized void failed(Media media, String reason, boolean resumable) {
        Failure before = failures.get(media.sha256());
        int attempts = before == null ? 1 : before.attempts() + 1;
        Duration wait = resumable
                ? Duration.ofSeconds(Math.min(60, 2L * attempts))
                : Duration.ofSeconds(Math.min(1800, 30L << Math.min(attempts - 1, 10)));
        failures.put(
                media.sha256(),
                new Failure(
                        media.id(),
                        reason,
                        clock.instant(),
                        attempts,
                        clock.instant().plus(wait)));
    }

    private void fail(Media media, String reason, Duration wait) {
        failures.put(
                media.sha256(),
                new Failure(
                        media.id(), reason, clock.instant(), 1, clock.instant().plus(wait)));
    }

    /** Why {@code mediaId} is not in the cache, if a download of it failed. */
    public synchronized Optional<String> problem(String mediaId) {
        return failures.values().stream()
                .filter(f -> f.mediaId().equals(mediaId))
                .map(Failure::reason)
                .findFirst();
    }

    /** For the heartbeat: media of the current plan the box could not get. */
    public synchronized List<Heartbeat.MediaError> errors() {
        return failures.values().stream()
                .map(f -> new Heartbeat.MediaError(
                        f.mediaId(), f.reason(), OffsetDateTime.ofInstant(f.at(), ZoneOffset.UTC)))
                .toList();
    }

    /** Whether every media of every item not yet ended is cached and verified. */
    public synchronized boolean complete(Instant now) {
        if (manifest == null) {
            return true;
        }
        Map<String, Instant> needBy = needBy(now);
        return manifest.media().stream().filter(m -> needBy.containsKey(m.id())).allMatch(m -> ready(m).isPresent());
    }

    /** Bytes the cache holds, partial downloads included. */
    public synchronized long usedBytes() {
        return files().stream().mapToLong(MediaCache::size).sum();
    }

    /**
     * When each media the plan still needs is needed: the earliest start of an unfinished item that
     * plays it; media the manifest lists without any item get {@link Instant#MAX} (fetched last).
     */
    private Map<String, Instant> needBy(Instant now) {
        Map<String, Instant> needBy = new HashMap<>();
        Set<String> referenced = new HashSet<>();
        for (Manifest.Item item : manifest.items()) {
            referenced.addAll(item.mediaIds());
            if (item.end().toInstant().isAfter(now)) {
                for (String id : item.mediaIds()) {
                    needBy.merge(id, item.start().toInstant(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        for (Media media : manifest.media()) {
            if (!referenced.contains(media.id())) {
                needBy.putIfAbsent(media.id(), Instant.MAX);
            }
        }
        return needBy;
    }

    /** The media of unfinished EMERGENCY items: fetched before anything else. */
    private Set<String> urgent(Instant now) {
        Set<String> urgent = new HashSet<>();
        for (Manifest.Item item : manifest.items()) {
            if (item.priority() == Manifest.Priority.EMERGENCY
                    && item.end().toInstant().isAfter(now)) {
                urgent.addAll(item.mediaIds());
            }
        }
        return urgent;
    }

    private Set<String> wantedHashes() {
        Set<String> wanted = new HashSet<>();
        if (manifest != null) {
            manifest.media().forEach(m -> wanted.add(m.sha256()));
        }
        return wanted;
    }

    /** Frees space from media the plan does not list, oldest first, until {@code media} fits. */
    private boolean makeRoom(Media media) {
        Path part = partFile(media);
        long needed = media.size() - (Files.exists(part) ? size(part) : 0);
        long used = usedBytes();
        if (used + needed <= maxBytes) {
            return true;
        }
        Set<String> wanted = wantedHashes();
        List<Path> unwanted = new ArrayList<>(files().stream()
                .filter(f -> !wanted.contains(f.getFileName().toString().replace(PART, "")))
                .sorted(Comparator.comparing(MediaCache::modified))
                .toList());
        for (Path file : unwanted) {
            if (used + needed <= maxBytes) {
                break;
            }
            used -= size(file);
            delete(file, "to make room for media " + media.id());
        }
        return used + needed <= maxBytes;
    }

    private List<Path> files() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MIN;
        }
    }

    private void delete(Path file, String why) {
        try {
            if (Files.deleteIfExists(file) && why != null) {
                LOG.info(() -> "cache: deleted " + file.getFileName() + ", " + why);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cache: cannot delete " + file + ": " + e.getMessage());
        }
    }
}
