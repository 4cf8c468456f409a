package org.openloa.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.protocol.Manifest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's protocol pieces against a tiny server in the test: a manifest behind an ETag, media with Range,
 * a server without long poll nor item events. Runs only in bench/fleet's own build (-Pbench).
 */
class FleetProtocolTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final byte[] audio = new byte[200_000];
    private final Map<String, List<String>> seen = new ConcurrentHashMap<>();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger mediaCalls = new AtomicInteger();
    private volatile int cutFirstDownloadAt = -1;
    private volatile boolean ignoreRange;
    private volatile boolean holdPolls;
    private volatile List<Map<String, Object>> items = List.of();
    private HttpServer server;
    private EdgeClient edge;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 31 + 7);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/edge/v1/manifest", this::manifestEndpoint);
        server.createContext("/edge/v1/media/", this::mediaEndpoint);
        server.createContext("/edge/v1/playlogs", exchange -> post(exchange, 200));
        server.createContext("/edge/v1/heartbeat", exchange -> post(exchange, 204));
        server.createContext("/edge/v1/events", exchange -> post(exchange, 404)); // an older server
        server.start();
        edge = new EdgeClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), JSON, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aManifestIsFetchedOnceAndThenAnsweredNotModifiedByItsEtag() throws Exception {
        EdgeClient.Poll first = edge.manifest("cred", null, 0, false);
        EdgeClient.Poll second = edge.manifest("cred", first.etag(), 0, false);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).isEqualTo("\"m-1\"");
        assertThat(first.manifest().items()).isEmpty();
        assertThat(second.status()).isEqualTo(304);
        assertThat(second.manifest()).isNull();
        assertThat(seen.get("If-None-Match")).containsExactly("none", "\"m-1\"");
        assertThat(seen.get("Authorization")).containsOnly("Bearer cred");
    }

    @Test
    void aLongPollCountsAsHeldOnlyWhenTheServerSaysSo() throws Exception {
        EdgeClient.Poll ignored = edge.manifest("cred", "\"m-1\"", 30, false);
        holdPolls = true;
        EdgeClient.Poll held = edge.manifest("cred", "\"m-1\"", 30, false);

        assertThat(seen.get("Prefer")).containsExactly("wait=30", "wait=30");
        assertThat(ignored.held()).isFalse(); // the box falls back to polling every pollSeconds
        assertThat(held.held()).isTrue();
    }

    @Test
    void aBrokenDownloadResumesWithRangeAndIsVerified() throws Exception {
        cutFirstDownloadAt = 70_000;
        Manifest.Media media = media(sha256(audio));
        EdgeClient.Partial partial = new EdgeClient.Partial();

        assertThatThrownBy(() -> edge.download("cred", media, partial)).isInstanceOf(IOException.class);
        long kept = partial.received;
        boolean done = edge.download("cred", media, partial);

        assertThat(kept).isGreaterThan(0).isLessThan(audio.length);
        assertThat(done).isTrue();
        assertThat(seen.get("Range")).containsExactly("none", "bytes=" + kept + "-");
        assertThat(partial.bytesFetched).isEqualTo(audio.length); // nothing fetched twice
    }

    @Test
    void aServerIgnoringRangeMakesTheDownloadStartOver() throws Exception {
        cutFirstDownloadAt = 50_000;
        ignoreRange = true;
        Manifest.Media media = media(sha256(audio));
        EdgeClient.Partial partial = new EdgeClient.Partial();

        assertThatThrownBy(() -> edge.download("cred", media, partial)).isInstanceOf(IOException.class);
        boolean done = edge.download("cred", media, partial);

        assertThat(done).isTrue(); // the 200's whole body replaced what was held, and it verifies
        assertThat(partial.bytesFetched).isGreaterThan(audio.length);
    }

    @Test
    void aFileThatDoesNotMatchItsSha256IsRefused() {
        Manifest.Media media = media("00".repeat(32));
        EdgeClient.Partial partial = new EdgeClient.Partial();

        assertThatThrownBy(() -> edge.download("cred", media, partial))
                .isInstanceOf(EdgeClient.Corrupt.class)
                .hasMessageContaining("SHA-256");
        assertThat(partial.received).isZero(); // fetched again from the start next time
    }

    @Test
    void aBoxPlaysAnEmergencyAtItsStartAndReportsItWhileTheServerHasNoEvents(@TempDir Path dir) throws Exception {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1);
        String item = "b-1@" + start;
        items = List.of(Map.of(
                "id",
                item,
                "start",
                start.toString(),
                "end",
                start.plusSeconds(30).toString(),
                "priority",
                "EMERGENCY",
                "kind",
                "AUDIO",
                "mediaIds",
                List.of("m-1")));
        Path out = dir.resolve("journal.jsonl");
        ExecutorService threads = Threads.executor(64);
        try (Journal journal = new Journal(out, JSON)) {
            Box box = new Box(
                    0,
                    "d-1",
                    "cred",
                    edge,
                    journal,
                    threads,
                    new Box.Settings(Box.Mode.LONGPOLL, 30, 60, false, false, true));
            threads.execute(box::run);

            awaitTrue(() -> posted.stream().anyMatch(p -> p.contains("\"PLAYED\"")));
            box.stop();

            assertThat(box.eventsOn()).isFalse();
            assertThat(journal.count("VERIFIED")).isEqualTo(1);
            List<String> lines = Files.readAllLines(out);
            String started = lines.stream()
                    .filter(l -> l.contains("\"STARTED\""))
                    .findFirst()
                    .orElseThrow();
            long startedAtServer = JSON.readTree(started).get("server").asLong();
            assertThat(startedAtServer).isGreaterThanOrEqualTo(start.toInstant().toEpochMilli());
            assertThat(posted).anyMatch(p -> p.contains("\"itemId\":\"" + item + "\"") && p.contains("\"m-1\""));
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private String manifest(List<Map<String, Object>> items) {
        return JSON.writeValueAsString(Map.of(
                "version", "m-1",
                "serverTime", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                "pollSeconds", 1,
                "settings", Map.of("volume", 70, "quietHours", List.of()),
                "items", items,
                "media",
                        List.of(Map.of(
                                "id",
                                "m-1",
                                "sha256",
                                sha256(audio),
                                "size",
                                audio.length,
                                "mimeType",
                                "audio/mpeg",
                                "durationMs",
                                500)),
                "purge", List.of(),
                "commands", List.of()));
    }

    private Manifest.Media media(String sha) {
        return new Manifest.Media("m-1", sha, audio.length, "audio/mpeg", 500, null);
    }

    private void note(HttpExchange exchange, String header) {
        String value = exchange.getRequestHeaders().getFirst(header);
        seen.computeIfAbsent(header, h -> new CopyOnWriteArrayList<>()).add(value == null ? "none" : value);
    }

    private void manifestEndpoint(HttpExchange exchange) throws IOException {
        note(exchange, "If-None-Match");
        note(exchange, "Authorization");
        if (exchange.getRequestHeaders().containsKey("Prefer")) {
            note(exchange, "Prefer");
        }
        if (holdPolls) {
            exchange.getResponseHeaders().add("Preference-Applied", "wait=30");
        }
        exchange.getResponseHeaders().add("ETag", "\"m-1\"");
        if ("\"m-1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && items.isEmpty()) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        byte[] body = manifest(items).getBytes(StandardCharsets.UTF_8); // serverTime: now
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void mediaEndpoint(HttpExchange exchange) throws IOException {
        note(exchange, "Range");
        int call = mediaCalls.incrementAndGet();
        String range = exchange.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && !ignoreRange) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (audio.length - 1) + "/" + audio.length);
            exchange.sendResponseHeaders(206, audio.length - from);
        } else {
            exchange.sendResponseHeaders(200, audio.length);
        }
        OutputStream out = exchange.getResponseBody();
        if (call == 1 && cutFirstDownloadAt > 0) {
            out.write(audio, 0, cutFirstDownloadAt);
            out.flush();
            exchange.getHttpContext().getServer(); // the connection dies with the body half sent
            exchange.close();
            return;
        }
        out.write(audio, from, audio.length - from);
        out.close();
    }

    private void post(HttpExchange exchange, int status) throws IOException {
        posted.add(exchange.getRequestURI().getPath() + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
