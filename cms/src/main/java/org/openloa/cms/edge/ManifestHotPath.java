package org.openloa.cms.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import org.openloa.cms.device.Secrets;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The protocol rules of a manifest poll answered from memory, in one place for both listeners that answer it:
 * the servlet filter on cms's HTTP port ({@link ManifestFilter}) and the fast listener on its own port
 * ({@code edge.fast}). A poll is answered here only when this node holds the current manifest of the device
 * whose credential it carries (SHA-256 of the bearer → device → manifest, for the current bucket); then 304 when
 * If-None-Match matches, else 200 with the cached bytes and the clock's serverTime. Everything else (no
 * credential, an unknown or revoked one, a new bucket, a changed plan) is a miss, and the caller hands the poll
 * to the ordinary path, which checks the credential against the database and builds the manifest.
 */
public final class ManifestHotPath {

    public static final String CACHE_CONTROL = "private, no-cache";
    public static final String CONTENT_TYPE = "application/json";
    public static final String PATH = EdgeConfiguration.MANIFEST;

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
     * A poll answered from memory: 304 ({@code body} null) or 200 with the manifest's bytes; always with this
     * ETag and {@link #CACHE_CONTROL}.
     */
    public record Answer(int status, String etag, byte[] body) {}

    /**
     * The answer to a {@code method} request on the manifest with these headers, or null when this node cannot
     * answer it from memory (the caller then hands it to the ordinary path). Counts what it answers.
     */
    public Answer answer(String method, String authorization, String ifNoneMatch) {
        CachedManifest cached = cached(method, authorization);
        if (cached == null) {
            return null;
        }
        if (notModified(cached, ifNoneMatch)) {
            return new Answer(304, cached.etag(), null);
        }
        Instant now = clock.instant();
        ByteArrayOutputStream out = new ByteArrayOutputStream(cached.length(now));
        try {
            cached.writeTo(out, now);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a byte array
        }
        served.increment();
        return new Answer(200, cached.etag(), out.toByteArray());
    }

    /** Whether the box already holds this manifest (counted as a 304 answered from memory). */
    boolean notModified(CachedManifest cached, String ifNoneMatch) {
        if (cached.matches(ifNoneMatch)) {
            notModified.increment();
            return true;
        }
        return false;
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
        MessageDigest digest = SHA256.get();
        String hash = HexFormat.of().formatHex(digest.digest(credential.getBytes(StandardCharsets.UTF_8)));
        ManifestIndex index = this.index;
        if (index == null) {
            index = indexProvider.getObject();
            this.index = index;
        }
        CachedManifest cached = index.byCredential(hash);
        if (cached == null || cached.bucket() != Math.floorDiv(clock.millis(), bucketMillis)) {
            return null;
        }
        return cached;
    }
}
