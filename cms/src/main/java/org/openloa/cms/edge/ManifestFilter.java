package org.openloa.cms.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * The hot path of GET /edge/v1/manifest, mapped to that one path and ordered before Spring Security: a poll
 * whose credential and current manifest this node holds in memory is answered here, 304 when If-None-Match
 * matches, else 200 with the encoded manifest and the clock's serverTime. No database, no security chain, no
 * DispatcherServlet: PERFORMANCE.md measured those as the cost of a poll. Anything this filter cannot answer
 * (an unknown credential, a new bucket, a changed version) goes down the ordinary path, which checks the
 * credential against the database, builds the manifest and fills the index for the next poll.
 *
 * <p>A poll with {@code Prefer: wait=N} whose manifest has not changed is held here ({@link LongPolls}: servlet
 * async, no thread), instead of answered 304 at once.
 */
class ManifestFilter implements Filter {

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

    private final ObjectProvider<LongPolls> longPollsProvider;

    private final long bucketMillis;
    private final Clock clock;
    private volatile ManifestIndex index;
    private volatile LongPolls longPolls;
    /** Polls answered here (they do not reach the observation filter, hence http.server.requests). */
    final LongAdder notModified = new LongAdder();

    final LongAdder served = new LongAdder();

    ManifestFilter(
            ObjectProvider<ManifestIndex> index,
            ObjectProvider<LongPolls> longPolls,
            EdgeProperties properties,
            Clock clock) {
        this.indexProvider = index;
        this.longPollsProvider = longPolls;
        this.bucketMillis = properties.bucket().toMillis();
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        CachedManifest cached = "GET".equals(request.getMethod()) ? cached(request.getHeader("Authorization")) : null;
        if (cached == null) {
            chain.doFilter(request, response);
            return;
        }
        LongPolls polls = longPolls();
        int wait = polls.waitOf(request);
        if (wait > 0) {
            response.setHeader(LongPolls.PREFERENCE_APPLIED, "wait=" + wait);
        }
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (cached.matches(ifNoneMatch)) {
            notModified.increment();
            if (wait > 0) {
                polls.hold(request, response, cached, ifNoneMatch, wait);
                return;
            }
            response.setHeader("ETag", cached.etag());
            response.setHeader("Cache-Control", "private, no-cache");
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setHeader("ETag", cached.etag());
        response.setHeader("Cache-Control", "private, no-cache");
        served.increment();
        Instant now = clock.instant();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(cached.length(now));
        ServletOutputStream out = response.getOutputStream();
        cached.writeTo(out, now);
    }

    private LongPolls longPolls() {
        LongPolls polls = this.longPolls;
        if (polls == null) {
            polls = longPollsProvider.getObject();
            this.longPolls = polls;
        }
        return polls;
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
