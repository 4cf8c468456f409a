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
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The hot path of GET /edge/v1/manifest, mapped to that one path and ordered before Spring Security: a poll
 * whose credential and current manifest this node holds in memory is answered here, 304 when If-None-Match
 * matches, else 200 with the encoded manifest and the clock's serverTime. No database, no security chain, no
 * DispatcherServlet: PERFORMANCE.md measured those as the cost of a poll. Anything this filter cannot answer
 * (an unknown credential, a new bucket, a changed version) goes down the ordinary path, which checks the
 * credential against the database, builds the manifest and fills the index for the next poll.
 *
 * <p>The rules of that answer are {@link ManifestHotPath}'s, shared with the fast listener on its own port.
 *
 * <p>A poll with {@code Prefer: wait=N} whose manifest has not changed is held here ({@link LongPolls}: servlet
 * async, no thread), instead of answered 304 at once.
 */
class ManifestFilter implements Filter {

    /** The rules, shared with the fast listener on its own port ({@code edge.fast}). */
    private final ManifestHotPath hotPath;

    private final ObjectProvider<LongPolls> longPollsProvider;
    private final Clock clock;
    private volatile LongPolls longPolls;

    ManifestFilter(ManifestHotPath hotPath, ObjectProvider<LongPolls> longPolls, Clock clock) {
        this.hotPath = hotPath;
        this.longPollsProvider = longPolls;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        CachedManifest cached = ManifestHotPath.revalidates(request.getHeader("Cache-Control"))
                ? hotPath.revalidated(
                        request.getMethod(),
                        request.getHeader("Authorization"),
                        request.getHeader(ManifestHotPath.PLAN_VERSION),
                        System.nanoTime())
                : hotPath.cached(request.getMethod(), request.getHeader("Authorization"));
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (cached == null || ManifestHotPath.boxIsAhead(cached, ifNoneMatch)) {
            chain.doFilter(request, response);
            return;
        }
        LongPolls polls = longPolls();
        int wait = polls.waitOf(request);
        if (wait > 0) {
            response.setHeader(LongPolls.PREFERENCE_APPLIED, "wait=" + wait);
        }
        if (hotPath.notModified(cached, ifNoneMatch)) {
            if (wait > 0) {
                polls.hold(request, response, cached, ifNoneMatch, wait);
                return;
            }
            response.setHeader("ETag", cached.etag());
            response.setHeader("Cache-Control", ManifestHotPath.CACHE_CONTROL);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setHeader("ETag", cached.etag());
        response.setHeader("Cache-Control", ManifestHotPath.CACHE_CONTROL);
        hotPath.served.increment();
        Instant now = clock.instant();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(ManifestHotPath.CONTENT_TYPE);
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

    /** The manifest held for this credential now, or null ({@link ManifestHotPath#cached(String)}). */
    CachedManifest cached(String authorization) {
        return hotPath.cached(authorization);
    }
}
