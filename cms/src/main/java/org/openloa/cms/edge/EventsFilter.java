package org.openloa.cms.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.openloa.cms.problem.ProblemException;
import org.openloa.protocol.ItemEvent;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hot path of POST /edge/v1/events, as {@link ManifestFilter} is of the poll: a box whose current manifest this
 * node holds in memory (found by the SHA-256 of its credential) and whose events all name items of that manifest
 * has them stored here, by {@link ItemEvents} as on the ordinary path, and is answered 204 once they are committed.
 * No security chain, no DispatcherServlet: in a woken fleet's wave every box posts two or three of these within
 * seconds (it learned of the emergency, its file is ready, it started), and perf showed the framework around those
 * posts, not their storing, as a quarter of cms's CPU (docs/benchmarks.md, "Emergency: time to air").
 *
 * <p>The rules are {@link ItemEventRules}, the same as {@link EdgeApi#events}'s. Anything this filter would refuse or
 * cannot tell (no manifest held for the credential, an item not in it, a malformed or oversized body, another content
 * type) is handed, body and all, to the ordinary path, which checks against the database and answers the problem.
 */
class EventsFilter implements Filter {

    static final String PATH = "/edge/v1/events";

    /** A batch of 50 events with their longest reasons is about 60 KB; more is the ordinary path's to refuse. */
    private static final int MOST_BYTES = 128 * 1024;

    private final ManifestFilter manifests;
    private final ObjectProvider<ItemEvents> eventsProvider;
    private final ObjectProvider<JsonMapper> jsonProvider;
    /** Posts stored here (they do not reach the observation filter, hence http.server.requests). */
    final LongAdder served = new LongAdder();

    EventsFilter(ManifestFilter manifests, ObjectProvider<ItemEvents> events, ObjectProvider<JsonMapper> json) {
        this.manifests = manifests;
        this.eventsProvider = events;
        this.jsonProvider = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        CachedManifest cached = mine(request);
        if (cached == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(request.getContentLength());
        List<ItemEvent> events = events(body, cached);
        if (events == null) {
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        try {
            eventsProvider.getObject().store(cached.deviceId(), events);
        } catch (RuntimeException notStored) {
            // Nothing of it was committed (a value the database refuses, the database away): the ordinary path
            // tries once more and answers as it answers any post, with its problem+json.
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        served.increment();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** The manifest held for the caller, when the request is one this filter may take. */
    private CachedManifest mine(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())
                || !request.getRequestURI()
                        .substring(request.getContextPath().length())
                        .equals(PATH)) {
            return null;
        }
        String type = request.getContentType();
        int length = request.getContentLength();
        if (type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/json")
                || length <= 0
                || length > MOST_BYTES) {
            return null;
        }
        return manifests.cached(request.getHeader("Authorization"));
    }

    /** The batch, when it is one and keeps every rule with the items of {@code cached}; else null. */
    private List<ItemEvent> events(byte[] body, CachedManifest cached) {
        JsonMapper json = jsonProvider.getObject();
        try {
            JsonNode tree = json.readTree(body);
            List<ItemEvent> events = EdgeApi.batch(json, tree, ItemEvent.class, EdgeApi.MAX_EVENTS, "event");
            ItemEventRules.check(events, cached.itemIds()::contains);
            return events.isEmpty() ? null : events;
        } catch (JacksonException | ProblemException refused) {
            return null; // the ordinary path says what is wrong, or finds the item where this one does not look
        }
    }

    /** The request with its body read here given again to the ordinary path. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    // the whole body is here already: ready at once, then over
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
