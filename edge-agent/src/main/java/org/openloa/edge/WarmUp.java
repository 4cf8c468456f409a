package org.openloa.edge;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openloa.edge.cache.MediaCache;
import org.openloa.edge.config.AgentConfig;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.manifest.ManifestReader;
import org.openloa.edge.outbox.Outbox;
import org.openloa.edge.playback.MediaSource;
import org.openloa.edge.playback.PlaybackScheduler;
import org.openloa.edge.playback.PlaybackState;
import org.openloa.edge.playback.Players;
import org.openloa.edge.support.Json;
import org.openloa.edge.support.Logs;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.PlayLog;

/**
 * {@code java -XX:ArchiveClassesAtExit=agent.jsa -jar edge-agent.jar --warm-up}: runs the agent's main
 * code paths once, offline and in a temporary directory, so the JVM can archive the classes they load
 * (AppCDS). Starting with {@code -XX:SharedArchiveFile=agent.jsa} then maps them instead of loading
 * them: less resident memory and a faster start on a small board (docs/edge-agent.md, "Memory").
 */
final class WarmUp {

    private WarmUp() {}

    static void run() throws IOException, InterruptedException {
        Logs.configure(Level.SEVERE);
        AgentConfig.load(null, Map.of("OPENLOA_SERVER_URL", "http://127.0.0.1:9"));
        Instant now = Instant.now();
        OffsetDateTime start = OffsetDateTime.ofInstant(now.plusSeconds(1), ZoneOffset.UTC);
        Manifest.Media media = new Manifest.Media("m", "0".repeat(64), 1, "audio/mpeg", 1000, null);
        Manifest manifest = new Manifest(
                "warm-up",
                OffsetDateTime.now(ZoneOffset.UTC),
                60,
                new Manifest.Settings(70, List.of(), 60),
                List.of(new Manifest.Item(
                        "i",
                        start,
                        start.plusSeconds(1),
                        Manifest.Priority.NORMAL,
                        Manifest.Kind.AUDIO,
                        List.of("m"),
                        null,
                        null)),
                List.of(media),
                List.of(),
                List.of(new Manifest.Command("c", Manifest.CommandType.SET_VOLUME, Map.of("volume", "1"))));
        ManifestReader.read(Json.write(manifest));
        Json.read(Json.write(new EnrollRequest("x", "x", "x")), EnrollRequest.class);
        Json.read(Json.write(new EnrollResponse("x", "x")), EnrollResponse.class);

        Path dir = Files.createTempDirectory("openloa-warm-up");
        try {
            ServerClock clock = new ServerClock(Clock.systemUTC());
            CmsLink link = new CmsLink(URI.create("http://127.0.0.1:9"), clock, Duration.ofSeconds(2), "warm-up");
            try {
                link.get(link.endpoint("edge/v1/manifest"), Map.of("If-None-Match", "\"x\""));
            } catch (IOException expected) {
                // nothing listens there: the request path is loaded all the same
            }
            Outbox outbox = Outbox.open(dir.resolve("outbox"), 10);
            outbox.add(new Heartbeat(
                    UUID.randomUUID().toString(),
                    OffsetDateTime.now(ZoneOffset.UTC),
                    null,
                    70,
                    1,
                    "x",
                    1,
                    true,
                    0,
                    null,
                    List.of(),
                    List.of()));
            MediaCache cache = new MediaCache(dir.resolve("media"), 1 << 20, clock);
            cache.plan(manifest, null);
            cache.next(now);
            PlaybackScheduler scheduler = new PlaybackScheduler(
                    clock,
                    MediaSource.of(cache::ready, cache::problem),
                    Players.fromSetting("true {file}", "ffmpeg", clock, dir),
                    outbox::add,
                    PlaybackState.load(dir.resolve("playback.json")),
                    Duration.ofSeconds(30),
                    ItemEvents.open(clock, outbox, dir.resolve("events.json"), "warm-up", true));
            scheduler.plan(manifest);
            scheduler.tick();
            Json.write(new PlayLog("p", "i", "m", start, start, PlayLog.Outcome.SKIPPED, "warm-up"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
