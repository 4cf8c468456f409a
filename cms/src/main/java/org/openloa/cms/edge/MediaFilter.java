package org.openloa.cms.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audio.web.AudioDownload;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The hot path of GET/HEAD /edge/v1/media/{id}: the same as {@link ManifestFilter} for downloads. When this node
 * holds the caller's current manifest in memory (found by the SHA-256 of its credential) and that manifest lists
 * the media, the file is served here: no database, no security chain. A woken fleet fetches the emergency's file
 * all at once right after its manifest; with a credential check, a plan-version read and an asset read per request
 * against the database, 1,000 downloads emptied Hikari's pool of 10 and polls timed out behind them
 * (docs/benchmarks.md, "Emergency: time to air").
 *
 * <p>Still exact: a revoked credential or a changed plan moves the device's version, which drops its manifest from
 * the index at once on this node (and within the refresh interval on the others), so the next download goes
 * down the ordinary path ({@link EdgeApi#media}), which checks everything against the database. Anything this
 * filter cannot answer takes that path too.
 */
class MediaFilter implements Filter {

    static final String PREFIX = "/edge/v1/media/";

    private final ObjectProvider<ManifestIndex> indexProvider;
    private final ObjectProvider<AudioLibrary> audioProvider;
    private final ManifestFilter manifests;
    /** Downloads answered here (they do not reach the observation filter, hence http.server.requests). */
    final LongAdder served = new LongAdder();

    MediaFilter(ObjectProvider<ManifestIndex> index, ObjectProvider<AudioLibrary> audio, ManifestFilter manifests) {
        this.indexProvider = index;
        this.audioProvider = audio;
        this.manifests = manifests;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        MediaAsset asset = asset(request);
        if (asset == null) {
            chain.doFilter(request, response);
            return;
        }
        served.increment();
        AudioDownload.serve(audioProvider.getObject(), asset, request, response);
    }

    private MediaAsset asset(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX) || path.indexOf('/', PREFIX.length()) >= 0) {
            return null;
        }
        CachedManifest cached = manifests.cached(request.getHeader("Authorization"));
        return cached == null ? null : cached.media().get(path.substring(PREFIX.length()));
    }
}
