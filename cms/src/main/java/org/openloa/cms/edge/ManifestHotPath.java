package org.openloa.cms.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openloa.cms.device.Secrets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The protocol rules of a manifest poll answered from memory, in one place for both listeners that answer it:
 * the servlet filter on cms's HTTP port ({@link ManifestFilter}) and the fast listener on its own port
 * ({@code edge.fast}). A poll is answered here only when this node holds the current manifest of the device
 * whose credential it carries (SHA-256 of the bearer, remembered → device → manifest, for the current bucket);
 * then 304 when If-None-Match matches, else 200 with the cached bytes and the clock's serverTime. Everything else (no
 * credential, an unknown or revoked one, a new bucket, a changed plan) is a miss, and the caller hands the poll
 * to the ordinary path, which checks the credential against the database and builds the manifest.
 */
public final class ManifestHotPath implements SmartLifecycle {

    public static final String CACHE_CONTROL = "private, no-cache";
    public static final String CONTENT_TYPE = "application/json";
    public static final String PATH = EdgeConfiguration.MANIFEST;
    /**
     * Sent by a woken box with the plan version its wake announced (docs/edge-protocol.md, "Wake-up"): a node that
     * holds that version or a newer one answers at once, without reading device_plan.
     */
    public static final String PLAN_VERSION = "OpenLoa-Plan-Version";

    /** More credentials than any node's devices: beyond it (a bug, or abuse), each poll hashes again. */
    private static final int MAX_REMEMBERED = 200_000;

    private static final long SWEEP_MILLIS = 1_000;
    private static final String PREFIX = "Bearer " + Secrets.CREDENTIAL_PREFIX;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Looked up at the first poll: servlet filters are made before the database and JPA are ready. */
    private final ObjectProvider<ManifestIndex> indexProvider;

    /**
     * The manifest each credential presented found last, so that a poll from memory costs no hashing and one look-up
     * by device instead of two (by hash, then by device): with 10,000 devices each look-up is a few cache misses, and
     * the three look-ups of a poll were an eighth of its CPU (docs/benchmarks.md, "Edge manifest requests per
     * second"). It is a memo, and the index still decides: a manifest is answered from it only while the index holds
     * that very manifest for its device; otherwise the credential's hash (the manifest's, since the memo is keyed by
     * the exact credential) names the index entry as if hashed again. A credential revoked or replaced has no entry
     * there (its device is forgotten in the commit, on every node by the refresh of device_plan), so it misses, and its
     * memo goes with that miss or with the sweep ({@link #forgetUnknown()}, every second), which also moves each memo
     * to its device's newer manifest. Only credentials the index knew are remembered (a stranger's guesses are not),
     * compared in constant time.
     */
    private final ConcurrentHashMap<Presented, CachedManifest> remembered = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService sweeper;
    /** Memos put (a poll that found its manifest through the index): with the index's changes, what a sweep walks for. */
    private final java.util.concurrent.atomic.AtomicLong memosPut = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The index's changes plus the memos put, read before the last walk of the memos (every second, a walk of all of
     * them was a sixth of an idle cms's CPU with 10,000 devices, for nothing while nothing changes).
     */
    private volatile long sweptAt = -1;

    private final long bucketMillis;
    private final Clock clock;
    private volatile ManifestIndex index;
    /** Polls answered from memory, on either listener (they do not reach http.server.requests). */
    final LongAdder notModified = new LongAdder();

    final LongAdder served = new LongAdder();

    ManifestHotPath(ObjectProvider<ManifestIndex> index, EdgeProperties properties, Clock clock) {
        this.indexProvider = index;
        this.bucketMillis = properties.bucket().toMillis();
        this.clock = clock;
    }

    /**
     * A poll answered from memory: 304 ({@link #notModified()}) or 200 with the manifest ({@link #writeBody}); always
     * with this ETag and {@link #CACHE_CONTROL}.
     */
    public static final class Answer {

        private final CachedManifest manifest;
        private final Instant now;

        private Answer(CachedManifest manifest, Instant now) {
            this.manifest = manifest;
            this.now = now;
        }

        public boolean notModified() {
            return now == null;
        }

        public String etag() {
            return manifest.etag();
        }

        /** The 200's body: the cached bytes with the clock's serverTime at the answer. */
        public void writeBody(OutputStream out) throws IOException {
            out.write(manifest.head());
            ServerTime.write(out, now, manifest.zone());
            out.write(manifest.tail());
        }
    }

    /**
     * The answer to a {@code method} request on the manifest with these headers, or null when this node cannot
     * answer it from memory (the caller then hands it to the ordinary path). Counts what it answers.
     */
    public Answer answer(String method, String authorization, String ifNoneMatch) {
        CachedManifest cached = cached(method, authorization);
        return cached == null ? null : answer(cached, ifNoneMatch);
    }

    /**
     * The same for a poll that {@link #revalidates}: blocks until this node's index has looked at device_plan after
     * {@code arrivedNanos} ({@link #revalidated}), so it is not to be called on an event loop.
     */
    public Answer answerRevalidated(
            String method, String authorization, String ifNoneMatch, String planVersion, long arrivedNanos) {
        CachedManifest cached = revalidated(method, authorization, planVersion, arrivedNanos);
        return cached == null ? null : answer(cached, ifNoneMatch);
    }

    /**
     * The answer to a woken poll when this node already holds the plan version its wake announced ({@link
     * #PLAN_VERSION}) or a newer one: it does not wait for a look, so an event loop may call it. Null otherwise.
     */
    public Answer answerWoken(String method, String authorization, String ifNoneMatch, String planVersion) {
        CachedManifest cached = "GET".equals(method) ? heldAtLeast(authorization, planVersion) : null;
        return cached == null ? null : answer(cached, ifNoneMatch);
    }

    private Answer answer(CachedManifest cached, String ifNoneMatch) {
        if (notModified(cached, ifNoneMatch)) {
            return new Answer(cached, null);
        }
        served.increment();
        return new Answer(cached, clock.instant());
    }

    /** Whether the box already holds this manifest (counted as a 304 answered from memory). */
    boolean notModified(CachedManifest cached, String ifNoneMatch) {
        if (cached.matches(ifNoneMatch)) {
            notModified.increment();
            return true;
        }
        return false;
    }

    /**
     * Whether a poll asks the node to revalidate what it holds ({@code Cache-Control: no-cache}): a box sends it on
     * the poll that answers a wake. This node's index learns of another node's change only at its next refresh, so
     * such a poll is answered only after the index has looked at device_plan since the poll arrived
     * ({@link #revalidated}): the box gets the change it was woken for from whichever node answers.
     */
    public static boolean revalidates(String cacheControl) {
        return cacheControl != null
                && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
    }

    /**
     * For a poll that {@link #revalidates}: what this node holds once its index has looked at device_plan after the
     * poll arrived (one look serves a whole wave of woken polls); null when it could not look, or holds nothing
     * current for the credential (then the ordinary path reads the database).
     */
    CachedManifest revalidated(String method, String authorization, String planVersion, long arrivedNanos) {
        if (!"GET".equals(method)) {
            return null;
        }
        CachedManifest held = heldAtLeast(authorization, planVersion);
        if (held != null) {
            return held;
        }
        return index().lookedAfter(arrivedNanos) ? cached(authorization) : null;
    }

    /**
     * What this node holds for the credential when it is the plan version a wake announced, or newer. The version
     * comes from the database (the wake is sent after the change committed), and device_plan's version only grows,
     * so what is held is at least as new as what a look would find then; a version the box made up costs it the
     * look (too high) or gets it what an ordinary poll gets (too low).
     */
    private CachedManifest heldAtLeast(String authorization, String planVersion) {
        long announced = planVersion(planVersion);
        if (announced < 0) {
            return null;
        }
        CachedManifest cached = cached(authorization);
        return cached != null && cached.version() >= announced ? cached : null;
    }

    /** The header's version, or -1 when absent or not a plain non-negative number. */
    static long planVersion(String header) {
        if (header == null) {
            return -1;
        }
        String value = header.strip();
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long version = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            version = version * 10 + (c - '0');
        }
        return version;
    }

    private ManifestIndex index() {
        ManifestIndex index = this.index;
        if (index == null) {
            index = indexProvider.getObject();
            this.index = index;
        }
        return index;
    }

    /** Only GET is answered from memory (HEAD and the rest take the ordinary path). */
    CachedManifest cached(String method, String authorization) {
        return "GET".equals(method) ? cached(authorization) : null;
    }

    /**
     * The manifest this node holds for the credential in this Authorization header, for the current bucket; null
     * when there is none (the caller then takes the ordinary path, which checks the credential in the database).
     */
    CachedManifest cached(String authorization) {
        if (authorization == null
                || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, 7)
                || !authorization.startsWith(Secrets.CREDENTIAL_PREFIX, 7)) {
            return null;
        }
        String credential = authorization.substring(7).strip();
        ManifestIndex index = index();
        Presented presented = new Presented(credential);
        CachedManifest last = remembered.get(presented);
        CachedManifest cached;
        if (last != null && index.holds(last)) {
            cached = last;
        } else {
            String hash = last != null
                    ? last.credentialHash()
                    : HexFormat.of().formatHex(SHA256.get().digest(credential.getBytes(StandardCharsets.UTF_8)));
            cached = index.byCredential(hash);
            if (cached == null) {
                if (last != null) {
                    remembered.remove(presented, last);
                }
                return null;
            }
            if (last != null || remembered.size() < MAX_REMEMBERED) {
                remembered.put(presented, cached);
                memosPut.incrementAndGet();
            }
        }
        if (cached.bucket() != Math.floorDiv(clock.millis(), bucketMillis)) {
            return null;
        }
        return cached;
    }

    /**
     * Moves each memo to the manifest the index holds now for its credential, and drops those of credentials that have
     * none (revoked, replaced, or not yet rebuilt): an old manifest is not kept alive by the memo for more than a sweep.
     */
    void forgetUnknown() {
        ManifestIndex index = this.index;
        if (index == null) {
            remembered.clear();
            return;
        }
        // Read before the walk: a change during it moves the mark on, so the next sweep walks again.
        long mark = index.changes() + memosPut.get();
        if (mark == sweptAt) {
            return; // nothing held or remembered has changed since the last walk, which left every memo current
        }
        for (var entry : remembered.entrySet()) {
            CachedManifest last = entry.getValue();
            if (!index.holds(last)) {
                CachedManifest now = index.byCredential(last.credentialHash());
                if (now == null) {
                    remembered.remove(entry.getKey(), last);
                } else {
                    remembered.replace(entry.getKey(), last, now);
                }
            }
        }
        sweptAt = mark;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "edge-credential-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::forgetUnknown, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        sweeper = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = sweeper;
        sweeper = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        remembered.clear();
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }

    /** Whether this credential's hash is remembered. */
    boolean remembers(String credential) {
        return remembered.containsKey(new Presented(credential));
    }

    /**
     * A credential as presented, as a key: equal only to the same characters, compared in constant time (the time
     * a comparison takes says nothing of how much of a secret a guess got right).
     */
    private static final class Presented {

        /** Its bytes, not a String: one object fewer to reach, with 10,000 of them scattered over the heap. */
        private final byte[] secret;

        private final int hash;

        Presented(String secret) {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            this.hash = java.util.Arrays.hashCode(this.secret);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Presented that && MessageDigest.isEqual(secret, that.secret); // constant time
        }
    }

    /**
     * {@code serverTime} as {@link CachedManifest} writes it (ISO-8601 with the zone's offset, the fraction of the
     * second without trailing zeros, none when zero), from a prefix and an offset formatted once a second: the 200
     * from memory formatted an {@code OffsetDateTime} per answer, the largest part of its cost after the listener.
     */
    static final class ServerTime {

        private record Second(ZoneId zone, long epochSecond, byte[] dateTime, byte[] offset) {}

        private static volatile Second last = new Second(ZoneOffset.UTC, Long.MIN_VALUE, null, null);

        static void write(OutputStream out, Instant now, ZoneId zone) throws IOException {
            Second second = last;
            if (second.epochSecond() != now.getEpochSecond() || !second.zone().equals(zone)) {
                String whole = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        Instant.ofEpochSecond(now.getEpochSecond()).atZone(zone).toOffsetDateTime());
                int seconds = whole.indexOf('T') + 9; // THH:mm:ss
                second = new Second(
                        zone,
                        now.getEpochSecond(),
                        ('"' + whole.substring(0, seconds)).getBytes(StandardCharsets.US_ASCII),
                        (whole.substring(seconds) + '"').getBytes(StandardCharsets.US_ASCII));
                last = second;
            }
            out.write(second.dateTime());
            int nanos = now.getNano();
            if (nanos != 0) {
                byte[] fraction = {'.', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
                int length = 10;
                for (int i = 9; i > 0; i--, nanos /= 10) {
                    int digit = nanos % 10;
                    fraction[i] = (byte) ('0' + digit);
                    if (digit == 0 && length == i + 1) {
                        length = i;
                    }
                }
                out.write(fraction, 0, length);
            }
            out.write(second.offset());
        }

        private ServerTime() {}
    }
}
