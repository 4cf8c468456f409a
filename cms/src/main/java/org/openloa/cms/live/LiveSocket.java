package org.openloa.cms.live;

import jakarta.servlet.ServletContext;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CallerDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The live page's microphone: the browser sends what MediaRecorder makes (WebM/Opus, a chunk every 250 ms) over
 * a WebSocket at /live/{id}/socket; an ffmpeg per session turns it into MP3 and feeds it to the session like any
 * source ({@link LiveService#feedAs}). The handshake comes through the ordinary login (the page's session
 * cookie) and from this origin only; the signed-in person must operate in every area of the session.
 *
 * <p>Plain Jakarta WebSocket (Tomcat's), registered here: the project carries no Spring WebSocket.
 */
@Component
class LiveSocket implements ServletContextInitializer {

    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    private final LiveService live;
    private final String ffmpeg;

    LiveSocket(LiveService live, @Value("${openloa.media.ffmpeg-path:}") String ffmpegPath) {
        this.live = live;
        this.ffmpeg = ffmpegPath == null || ffmpegPath.isBlank() ? "ffmpeg" : ffmpegPath;
    }

    @Override
    public void onStartup(ServletContext context) {
        context.addListener(new jakarta.servlet.ServletContextListener() {
            @Override
            public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                ServerContainer container =
                        (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
                if (container == null) {
                    log.warn("No WebSocket container: the live page cannot take the microphone");
                    return;
                }
                try {
                    container.addEndpoint(ServerEndpointConfig.Builder.create(Microphone.class, "/live/{id}/socket")
                            .configurator(new Configurator())
                            .build());
                } catch (DeploymentException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** Makes each connection's endpoint with the service, and turns away other origins. */
    private final class Configurator extends ServerEndpointConfig.Configurator {

        @Override
        public boolean checkOrigin(String origin) {
            return true; // checked in modifyHandshake, where the Host is known
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            List<String> origins = request.getHeaders().getOrDefault("Origin", List.of());
            List<String> hosts = request.getHeaders().getOrDefault("Host", List.of());
            boolean same = !origins.isEmpty()
                    && !hosts.isEmpty()
                    && hosts.get(0).equalsIgnoreCase(URI.create(origins.get(0)).getAuthority());
            config.getUserProperties().put("sameOrigin", same);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getEndpointInstance(Class<T> type) {
            return (T) new Microphone(live, ffmpeg);
        }
    }

    /** One browser's microphone for one session. */
    static final class Microphone extends Endpoint {

        private final LiveService live;
        private final String ffmpeg;
        private Process transcoder;
        private OutputStream toFfmpeg;

        Microphone(LiveService live, String ffmpeg) {
            this.live = live;
            this.ffmpeg = ffmpeg;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            Caller caller = caller(session.getUserPrincipal());
            UUID id;
            try {
                id = UUID.fromString(session.getPathParameters().get("id"));
            } catch (IllegalArgumentException e) {
                id = null;
            }
            if (caller == null
                    || id == null
                    || !Boolean.TRUE.equals(config.getUserProperties().get("sameOrigin"))) {
                close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "refused");
                return;
            }
            try {
                transcoder = new ProcessBuilder(
                                ffmpeg,
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-fflags",
                                "nobuffer",
                                "-i",
                                "pipe:0",
                                "-ac",
                                "1",
                                "-c:a",
                                "libmp3lame",
                                "-b:a",
                                "64k",
                                "-flush_packets",
                                "1",
                                "-f",
                                "mp3",
                                "pipe:1")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                log.warn("Live page: ffmpeg did not start: {}", e.getMessage());
                close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "no transcoder");
                return;
            }
            toFfmpeg = transcoder.getOutputStream();
            UUID sessionId = id;
            Process p = transcoder;
            Thread feeder = new Thread(
                    () -> {
                        try {
                            live.feedAs(caller, sessionId, p.getInputStream());
                        } catch (LiveService.Refused refused) {
                            close(session, CloseReason.CloseCodes.VIOLATED_POLICY, refused.refusal.name());
                        } catch (IOException e) {
                            log.debug("Live page source of {} left: {}", sessionId, e.getMessage());
                        } finally {
                            p.destroy();
                            close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "ended");
                        }
                    },
                    "live-mic-" + id);
            feeder.setDaemon(true);
            feeder.start();
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) chunk -> {
                try {
                    byte[] bytes = new byte[chunk.remaining()];
                    chunk.get(bytes);
                    toFfmpeg.write(bytes);
                    toFfmpeg.flush();
                } catch (IOException e) {
                    close(session, CloseReason.CloseCodes.GOING_AWAY, "transcoder gone");
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (toFfmpeg != null) {
                try {
                    toFfmpeg.close(); // ffmpeg finishes, the feed reads its end: the source stopped
                } catch (IOException e) {
                    // already gone
                }
            }
        }

        private static Caller caller(Principal principal) {
            if (principal instanceof Authentication a && a.getPrincipal() instanceof CallerDetails d) {
                return d.caller();
            }
            return null;
        }

        private static void close(Session session, CloseReason.CloseCode code, String why) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(code, why));
                }
            } catch (IOException | IllegalStateException e) {
                // already closing
            }
        }
    }
}
