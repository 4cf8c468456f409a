package org.openloa.cms.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two ends of a live session on cms: the ingest, where a source pushes with the Icecast source protocol
 * (HTTP PUT, Basic auth with the session's own credentials, audio/mpeg or audio/ogg, chunked), and the embedded
 * listen mount the boxes play when no Icecast server is configured. Neither takes a user's login: the ingest
 * checks the session's credentials, the listen URL names a session by its random id (as an Icecast mount would).
 * A request here holds its thread for the session's length: fine for the handful of boxes the embedded mount is
 * for (docs/live.md says when to move to Icecast).
 */
@RestController
@RequestMapping("/live")
class LiveMounts {

    private static final Logger log = LoggerFactory.getLogger(LiveMounts.class);

    private final LiveService live;

    LiveMounts(LiveService live) {
        this.live = live;
    }

    @PutMapping("/ingest/{id}")
    void ingest(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID session = uuid(id);
        if (session == null) {
            response.sendError(404);
            return;
        }
        try {
            boolean stopped = live.ingest(
                    session,
                    request.getHeader(HttpHeaders.AUTHORIZATION),
                    request.getContentType(),
                    request.getInputStream());
            // Cut off because the session ended: 503 and hang up, without draining the rest of an endless body
            // (Hangup says why), so the encoder's next write fails and it learns at once that it is off air.
            if (!stopped) {
                Hangup.after(request);
            }
            response.setStatus(stopped ? 200 : 503);
        } catch (LiveService.Refused refused) {
            switch (refused.refusal) {
                case UNAUTHORIZED -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"OpenLoa live\"");
                    response.sendError(401);
                }
                case NOT_FOUND -> response.sendError(404);
                case ENDED -> response.sendError(410);
                case BUSY -> response.sendError(403, "Mountpoint in use");
                case UNSUPPORTED -> response.sendError(415, "audio/mpeg or audio/ogg");
            }
        } catch (IOException cutOff) {
            // The source went away, or the session ended under it: nothing to answer.
            log.debug("Live ingest {} closed: {}", session, cutOff.getMessage());
        }
    }

    @GetMapping("/listen/{id}")
    void listen(@PathVariable String id, HttpServletResponse response) throws IOException {
        UUID session = uuid(id);
        String type = session == null ? null : live.listenType(session).orElse(null);
        if (type == null) {
            response.sendError(404);
            return;
        }
        response.setContentType(type);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
        response.flushBuffer();
        try {
            if (!live.listen(session, response.getOutputStream())) {
                log.warn("Live session {}: embedded mount full, a listener was turned away", session);
            }
        } catch (IOException gone) {
            log.debug("Live listener of {} left: {}", session, gone.getMessage());
        }
    }

    private static UUID uuid(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
