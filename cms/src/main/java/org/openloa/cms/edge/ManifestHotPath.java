package org.openloa.cms.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
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
    private static final byte[] BEARER = "bearer ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREDENTIAL_PREFIX_BYTES = Secrets.CREDENTIAL_PREFIX.getBytes(StandardCharsets.US_ASCII);
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

        /** The ETag as bytes (ASCII), to write without a String. */
        public byte[] etagBytes() {
            return manifest.etagBytes();
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
     * {@link #answer(String, String, String)} for a GET whose head was read as bytes ({@code edge.fast}): the
     * Authorization and If-None-Match values are {@code [from, to)} of {@code head}, a {@code from} below 0 when the
     * header is absent. The credential is looked up and the ETag compared on those bytes: with no String made for
     * either, a 304 is a few objects and cache misses fewer (docs/benchmarks.md, "Edge manifest requests per second").
     */
    public Answer answer(
            byte[] head, int authorizationFrom, int authorizationTo, int ifNoneMatchFrom, int ifNoneMatchTo) {
        CachedManifest cached = cached(head, authorizationFrom, authorizationTo);
        if (cached == null) {
            return null;
        }
        if (cached.matches(head, ifNoneMatchFrom, ifNoneMatchTo)) {
            return answer(cached, true);
        }
        return cached.olderThanHeldBy(head, ifNoneMatchFrom, ifNoneMatchTo) ? null : answer(cached, false);
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

    /** Null (a miss: the ordinary path answers) when the box holds a newer manifest than this node does. */
    private Answer answer(CachedManifest cached, String ifNoneMatch) {
        return boxIsAhead(cached, ifNoneMatch) ? null : answer(cached, cached.matches(ifNoneMatch));
    }

    /**
     * Whether the box holds a newer manifest than {@code cached} ({@link CachedManifest#olderThanHeldBy}): then this
     * node is behind and must not answer from memory, on either listener.
     */
    static boolean boxIsAhead(CachedManifest cached, String ifNoneMatch) {
        return !cached.matches(ifNoneMatch) && cached.olderThanHeldBy(ifNoneMatch);
    }

    /** A 304 when the box holds this manifest already, else a 200 with the clock's serverTime; counted. */
    private Answer answer(CachedManifest cached, boolean boxHoldsIt) {
        if (boxHoldsIt) {
            notModified.increment();
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
        if (authorization == null) {
            return null;
        }
        byte[] header = authorization.getBytes(StandardCharsets.ISO_8859_1);
        return cached(header, 0, header.length);
    }

    /** {@link #cached(String)} for the header's value as bytes {@code [from, to)} of {@code head}; none if from < 0. */
    private CachedManifest cached(byte[] head, int from, int to) {
        if (from < 0 || to - from <= PREFIX.length() || !bearer(head, from)) {
            return null;
        }
        int start = from + 7;
        while (start < to && (head[start] == ' ' || head[start] == '\t')) {
            start++;
        }
        int end = to;
        while (end > start && (head[end - 1] == ' ' || head[end - 1] == '\t')) {
            end--;
        }
        if (!startsWith(head, start, end, CREDENTIAL_PREFIX_BYTES)) {
            return null;
        }
        ManifestIndex index = index();
        Presented presented = Presented.of(head, start, end);
        CachedManifest last = presented == null ? null : remembered.get(presented);
        CachedManifest cached;
        if (last != null && index.holds(last)) {
            cached = last;
        } else {
            String hash;
            if (last != null) {
                hash = last.credentialHash();
            } else {
                MessageDigest sha256 = SHA256.get();
                sha256.update(head, start, end - start);
                hash = HexFormat.of().formatHex(sha256.digest());
            }
            cached = index.byCredential(hash);
            if (cached == null) {
                if (last != null) {
                    remembered.remove(presented, last);
                }
                return null;
            }
            if (presented != null && (last != null || remembered.size() < MAX_REMEMBERED)) {
                remembered.put(presented, cached);
                memosPut.incrementAndGet();
            }
        }
        if (cached.bucket() != Math.floorDiv(clock.millis(), bucketMillis)) {
            return null;
        }
        return cached;
    }

    /** "Bearer " in any case, at {@code from}. */
    private static boolean bearer(byte[] head, int from) {
        for (int i = 0; i < 7; i++) {
            int c = head[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != BEARER[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(head, from, from + prefix.length, prefix, 0, prefix.length);
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
        byte[] bytes = credential.getBytes(StandardCharsets.ISO_8859_1);
        Presented presented = Presented.of(bytes, 0, bytes.length);
        return presented != null && remembered.containsKey(presented);
    }

    /**
     * A credential as presented, as a key: equal only to the same bytes, compared in constant time (the time a
     * comparison takes says nothing of how much of a secret a guess got right). Its bytes are held in the key itself,
     * in six words (a device's credential is 45 bytes): with 10,000 keys scattered over the heap, a byte array beside
     * each was one more cache miss per poll.
     */
    static final class Presented {

        /** The longest credential remembered; a longer one (no device has one) is hashed on every poll. */
        static final int MAX_LENGTH = 48;

        private static final VarHandle WORDS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private final long w0;
        private final long w1;
        private final long w2;
        private final long w3;
        private final long w4;
        private final long w5;
        private final int length;
        private final int hash;

        private Presented(long[] w, int length) {
            this.w0 = w[0];
            this.w1 = w[1];
            this.w2 = w[2];
            this.w3 = w[3];
            this.w4 = w[4];
            this.w5 = w[5];
            this.length = length;
            long h = length;
            for (long word : w) {
                h = (h ^ word) * 0x9E3779B97F4A7C15L;
            }
            this.hash = (int) (h ^ (h >>> 32));
        }

        /** The key for bytes {@code [from, to)}, or null when they are longer than {@link #MAX_LENGTH}. */
        static Presented of(byte[] bytes, int from, int to) {
            int length = to - from;
            if (length > MAX_LENGTH) {
                return null;
            }
            long[] w = new long[6];
            int i = 0;
            int at = from;
            for (; to - at >= 8; at += 8) {
                w[i++] = (long) WORDS.get(bytes, at);
            }
            long last = 0;
            for (int shift = 0; at < to; at++, shift += 8) {
                last |= (bytes[at] & 0xFFL) << shift;
            }
            if (i < 6) {
                w[i] = last;
            }
            return new Presented(w, length);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Presented that)) {
                return false;
            }
            long difference = (w0 ^ that.w0)
                    | (w1 ^ that.w1)
                    | (w2 ^ that.w2)
                    | (w3 ^ that.w3)
                    | (w4 ^ that.w4)
                    | (w5 ^ that.w5)
                    | (length ^ that.length); // every word, whatever differs first: constant time
            return difference == 0;
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
