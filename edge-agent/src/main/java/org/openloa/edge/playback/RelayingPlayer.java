package org.openloa.edge.playback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openloa.edge.support.Threads;
import org.openloa.protocol.PlayLog;

/**
 * Puts a {@link Relay} between a stream and the player: the player is given a loopback URL
 * ({@code http://127.0.0.1:<port>/relay/<token>.wav}) on which the relay serves its unbroken PCM, so any player
 * (the file sink, ffplay, aplay through ffmpeg) gets the fallback chain without knowing of it. Files go straight
 * through. The entry point stays what it was, a stream URL, a start and a stop, so a LIVE item can use it too.
 */
final class RelayingPlayer implements Player {

    private static final Logger LOG = Logger.getLogger(RelayingPlayer.class.getName());

    private final Player player;
    private final String ffmpeg;
    private final Relay.Tuning tuning;
    private final Clock clock;
    private final Map<String, Relay> waiting = new ConcurrentHashMap<>();
    private HttpServer loopback;

    RelayingPlayer(Player player, String ffmpeg, Relay.Tuning tuning, Clock clock) {
        this.player = player;
        this.ffmpeg = ffmpeg;
        this.tuning = tuning;
        this.clock = clock;
    }

    @Override
    public Playback start(PlayRequest request) throws IOException {
        if (request.stream() == null || !request.relayed()) {
            return player.start(request);
        }
        String token = UUID.randomUUID().toString();
        Relay relay = new Relay(request.stream().toString(), request.fallback(), ffmpeg, tuning, clock);
        waiting.put(token, relay);
        URI local = URI.create("http://127.0.0.1:" + loopback().getAddress().getPort() + "/relay/" + token + ".wav");
        Playback playback;
        try {
            playback = player.start(new PlayRequest(
                    request.itemId(), request.mediaId(), null, local, null, "audio/wav", request.volume(), 0, null));
        } catch (IOException | RuntimeException e) {
            waiting.remove(token);
            throw e;
        }
        return new Relayed(playback, relay, token);
    }

    private final class Relayed implements Playback {
        private final Playback playback;
        private final Relay relay;
        private final String token;

        Relayed(Playback playback, Relay relay, String token) {
            this.playback = playback;
            this.relay = relay;
            this.token = token;
            // A player that ends by itself (it failed, it was killed) ends the relay too.
            playback.ended().whenComplete((ending, error) -> stopRelay());
        }

        @Override
        public CompletableFuture<Ending> ended() {
            return playback.ended();
        }

        @Override
        public void stop() {
            playback.stop();
            stopRelay();
            relay.awaitEnd();
        }

        private void stopRelay() {
            relay.stop();
            waiting.remove(token);
        }

        @Override
        public List<PlayLog.Lost> lost() {
            return relay.lost().stream()
                    .map(l -> new PlayLog.Lost(
                            OffsetDateTime.ofInstant(l.from(), ZoneOffset.UTC),
                            OffsetDateTime.ofInstant(l.to(), ZoneOffset.UTC)))
                    .toList();
        }
    }

    private synchronized HttpServer loopback() throws IOException {
        if (loopback == null) {
            loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            loopback.setExecutor(Threads.executor("relay-feed"));
            loopback.createContext("/relay/", this::serve);
            loopback.start();
        }
        return loopback;
    }

    /** One GET per relay: the player's. The relay's feed runs on this request's thread until the relay stops. */
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/relay/".length());
            Relay relay = waiting.remove(name.endsWith(".wav") ? name.substring(0, name.length() - 4) : name);
            if (relay == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                relay.feed(body);
            } catch (IOException e) {
                // The player went away (stopped or died): the relay ends with it.
                relay.stop();
                LOG.log(Level.FINE, "relay: the player stopped reading", e);
            }
        }
    }
}
