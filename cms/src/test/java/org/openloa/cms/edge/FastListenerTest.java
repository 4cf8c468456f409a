package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.playing;

import io.netty.channel.uring.IoUring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.edge.fast.FastListener;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The fast listener (openloa.edge.fast-port) answers a box exactly as cms's own port does: the same status,
 * ETag and manifest for 200 and 304, the same refusals (no credential, a user's token, a retired device), a commit
 * seen at once; hits from memory, misses and the rest of /edge/v1 passed on to the servlet path.
 */
@TestPropertySource(properties = "openloa.edge.fast-port=0")
class FastListenerTest extends ServerTest {

    @Autowired
    FastListener listener;

    @Autowired
    ManifestHotPath hotPath;

    @Autowired
    org.springframework.core.env.Environment server;

    private Api fast;

    @BeforeEach
    void fastPort() {
        fast = new Api(listener.port());
    }

    /** The transport this class's listener must run on: io_uring where the kernel allows it, else epoll. */
    FastListener.Transport expectedTransport() {
        if (!IoUring.isAvailable()) {
            // Not a skip: the listener must then run on epoll, which every other test here exercises.
            System.err.println("NOTICE: io_uring is not available here (" + IoUring.unavailabilityCause()
                    + "): the fast listener's tests run on epoll only");
            return FastListener.Transport.EPOLL;
        }
        return FastListener.Transport.IO_URING;
    }

    /** Whether this class's listener must read through io_uring's buffer ring: wherever the kernel has one. */
    boolean expectedBufferRing() {
        return expectedTransport() == FastListener.Transport.IO_URING && IoUring.isRegisterBufferRingSupported();
    }

    @Test
    void theListenerRunsOnTheTransportItShould() {
        assertThat(listener.transport()).isEqualTo(expectedTransport());
        assertThat(listener.readsThroughBufferRing()).isEqualTo(expectedBufferRing());
    }

    /**
     * Many boxes at once, each with polls pipelined behind a head longer than one buffer of the ring: more reads land
     * together than the ring starts with (it grows), and a head read in several buffers is one poll. Every answer
     * comes, in order, on every connection.
     */
    @Test
    void manyBoxesPollingAtOnceAreAllAnsweredInOrder() throws IOException {
        TestWorld w = world();
        String hit = pollWithItsETag(box(w.operatorA(), w.villageAId()));
        String padded = hit.replace("Host: x\r\n", "Host: x\r\nX-Padding: " + "p".repeat(3 * 1024) + "\r\n");
        String last = hit.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
        byte[] requests = (hit.repeat(4) + padded + hit.repeat(4) + last).getBytes(StandardCharsets.UTF_8);
        int boxes = 256;
        long before = hotPath.notModified.sum();

        List<Socket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < boxes; i++) {
                Socket socket = new Socket("127.0.0.1", listener.port());
                socket.setSoTimeout(20_000);
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                socket.getOutputStream().write(requests); // all sent before any answer is read
            }
            for (Socket socket : sockets) {
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(read);
                assertThat(statusLines(read.toString(StandardCharsets.ISO_8859_1)))
                        .hasSize(10)
                        .containsOnly("HTTP/1.1 304");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(hotPath.notModified.sum()).isEqualTo(before + 10L * boxes);
    }

    @Test
    void theSameManifestAnswersOnBothPortsAndHitsComeFromMemory() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api servletSide = box.edge();
        Api fastSide = fast.bearer(box.credential());

        // The first poll is a miss: passed on to the servlet path, which builds the manifest.
        Api.Response built = fastSide.get("/edge/v1/manifest");
        assertThat(built.status()).as(built.body()).isEqualTo(200);
        assertThat(built.contentType()).startsWith("application/json");
        String etag = built.headers().firstValue("ETag").orElseThrow();
        Api.Response viaServlets = servletSide.get("/edge/v1/manifest");
        assertThat(viaServlets.headers().firstValue("ETag")).contains(etag);
        assertThat(withoutServerTime(built.json())).isEqualTo(withoutServerTime(viaServlets.json()));

        long before = hotPath.notModified.sum();
        Api.Response notModified = fastSide.get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(hotPath.notModified.sum()).isEqualTo(before + 1); // answered from memory, by the listener
        assertThat(notModified.headers().firstValue("ETag")).contains(etag);
        assertThat(notModified.headers().firstValue("Cache-Control")).contains("private, no-cache");
        assertThat(notModified.headers().firstValue("Date")).isPresent();
        assertThat(notModified.headers().firstValue("X-Frame-Options")).isEmpty();
        Api.Response servlet304 = servletSide.get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(servlet304.status()).isEqualTo(304);
        assertThat(servlet304.headers().firstValue("Cache-Control")).contains("private, no-cache");

        Api.Response fromMemory = fastSide.get("/edge/v1/manifest", "If-None-Match", "\"m-0-000000000000\"");
        assertThat(fromMemory.status()).isEqualTo(200);
        assertThat(fromMemory.headers().firstValue("ETag")).contains(etag);
        assertThat(fromMemory.headers().firstValue("Cache-Control")).contains("private, no-cache");
        assertThat(fromMemory.contentType()).startsWith("application/json");
        assertThat(withoutServerTime(fromMemory.json())).isEqualTo(withoutServerTime(viaServlets.json()));
        assertThat(OffsetDateTime.parse(fromMemory.json().get("serverTime").asString()))
                .isCloseTo(OffsetDateTime.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));
        // A weak tag in a list matches, as on the servlet port.
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", "\"other\", W/" + etag)
                        .status())
                .isEqualTo(304);
    }

    @Test
    void refusalsAreTheServletPortsOwn() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String token =
                w.operatorA().post("/api/v1/tokens", Map.of("name", "script")).text("token");
        for (Api caller : List.of(
                fast.anonymous(),
                fast.bearer(token),
                fast.bearer("oled_not-a-real-credential-at-all-0000000000"),
                fast.as("admin", ADMIN_PASSWORD))) {
            Api.Response refused = caller.get("/edge/v1/manifest");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        // Only /edge/v1 is served here: not the UI, not the API, not even with a good credential.
        assertThat(fast.as("admin", ADMIN_PASSWORD).get("/api/v1/devices").status())
                .isEqualTo(404);
        assertThat(fast.bearer(box.credential()).get("/").status()).isEqualTo(404);
        // The rest of the protocol passes through: a heartbeat is taken, a HEAD of the manifest answered.
        Api.Response beat = fast.bearer(box.credential()).post("/edge/v1/heartbeat", heartbeat());
        assertThat(beat.status()).as(beat.body()).isBetween(200, 299);
        Api.Response servletBeat = box.edge().post("/edge/v1/heartbeat", heartbeat());
        assertThat(beat.status()).isEqualTo(servletBeat.status());
    }

    @Test
    void aRetiredDeviceIsRefusedAtOnceOnTheFastPort() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api fastSide = fast.bearer(box.credential());
        String etag = answeredFromMemory(fastSide, box.credential());

        assertThat(w.operatorA().delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);

        // The commit dropped the device from the index this listener reads: no wait, the remembered hash
        // notwithstanding, and the credential is no longer remembered once it missed.
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(401);
        assertThat(hotPath.remembers(box.credential())).isFalse();
        assertThat(fastSide.get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(401);
    }

    @Test
    void aRetiredDevicesCredentialIsForgottenEvenIfNeverPresentedAgain() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api fastSide = fast.bearer(box.credential());
        String etag = answeredFromMemory(fastSide, box.credential());

        assertThat(w.operatorA().delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);
        hotPath.forgetUnknown(); // what the sweep does every second

        assertThat(hotPath.remembers(box.credential())).isFalse();
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(401);
    }

    @Test
    void pollsAnsweredAheadOfTheCodecKeepTheirPlaceAmongOtherRequests() throws IOException {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        String auth = "Authorization: Bearer " + box.credential() + "\r\n";
        String hit = "GET /edge/v1/manifest HTTP/1.1\r\nHost: x\r\n" + auth + "If-None-Match: " + etag + "\r\n\r\n";
        String changed = "GET /edge/v1/manifest?agent=1 HTTP/1.1\r\nhost: x\r\nauthorization:  Bearer "
                + box.credential() + " \r\n\r\n";
        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        String beat = json.writeValueAsString(heartbeat());
        String post = "POST /edge/v1/heartbeat HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: "
                + beat.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + beat;
        String beatAgain = json.writeValueAsString(heartbeat());
        String chunked = "POST /edge/v1/heartbeat HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(beatAgain.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + beatAgain
                + "\r\n0\r\n\r\n";
        String last = hit.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
        long before = hotPath.notModified.sum();
        long servedBefore = hotPath.served.sum();

        // A head cut in two, a body behind a poll, a changed manifest from memory, a chunked body (from there on
        // the codec reads everything), a poll after it and one that closes: answered in order.
        int cut = hit.length() / 2;
        String answers =
                exchange(hit + post + hit.substring(0, cut), hit.substring(cut) + changed + hit + chunked + hit + last);
        List<String> statuses = statusLines(answers);
        assertThat(statuses).hasSize(8);
        assertThat(statuses.get(0)).isEqualTo("HTTP/1.1 304");
        assertThat(statuses.get(1)).startsWith("HTTP/1.1 2");
        assertThat(statuses.subList(2, 5)).containsExactly("HTTP/1.1 304", "HTTP/1.1 200", "HTTP/1.1 304");
        assertThat(statuses.get(5)).startsWith("HTTP/1.1 2");
        assertThat(statuses.subList(6, 8)).containsExactly("HTTP/1.1 304", "HTTP/1.1 304");
        assertThat(hotPath.notModified.sum()).isEqualTo(before + 5);
        assertThat(hotPath.served.sum()).isEqualTo(servedBefore + 1);
        // The 200 from memory is the manifest, whole, with the headers of the servlet port's answer.
        String ok = answers.substring(answers.indexOf("HTTP/1.1 200"));
        assertThat(ok).contains("etag: " + etag + "\r\n", "cache-control: private, no-cache\r\n");
        int length = Integer.parseInt(
                ok.substring(ok.indexOf("content-length: ") + 16, ok.indexOf("\r\n", ok.indexOf("content-length: "))));
        byte[] manifest = ok.substring(ok.indexOf("\r\n\r\n") + 4, ok.indexOf("\r\n\r\n") + 4 + length)
                .getBytes(StandardCharsets.ISO_8859_1); // the bytes as they came
        assertThat(withoutServerTime(json.readTree(manifest)))
                .isEqualTo(withoutServerTime(box.edge().get("/edge/v1/manifest").json()));
        assertThat(answers).endsWith("\r\n\r\n").contains("connection: close");
    }

    @Test
    void wokenPollsAreAnsweredByTheListenerInTheirPlaceAmongOtherRequests() throws IOException {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        String auth = "Authorization: Bearer " + box.credential() + "\r\n";
        String woken = "GET /edge/v1/manifest HTTP/1.1\r\nHost: x\r\n" + auth + "If-None-Match: " + etag
                + "\r\nCache-Control: no-cache\r\n\r\n";
        String wokenWithAnOldTag = woken.replace(etag, "\"m-0-000000000000\"");
        String hit = "GET /edge/v1/manifest HTTP/1.1\r\nHost: x\r\n" + auth + "If-None-Match: " + etag + "\r\n\r\n";
        String beat = new tools.jackson.databind.ObjectMapper().writeValueAsString(heartbeat());
        String post = "POST /edge/v1/heartbeat HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: "
                + beat.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + beat;
        String last = woken.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
        long before = hotPath.notModified.sum();
        long servedBefore = hotPath.served.sum();

        // All in one write: each woken poll waits for the index's look, and what comes after it waits for it.
        String answers = exchange(woken + hit + wokenWithAnOldTag + post + woken + last);

        assertThat(statusLines(answers)).hasSize(6);
        assertThat(statusLines(answers).subList(0, 3)).containsExactly("HTTP/1.1 304", "HTTP/1.1 304", "HTTP/1.1 200");
        assertThat(statusLines(answers).get(3)).startsWith("HTTP/1.1 2");
        assertThat(statusLines(answers).subList(4, 6)).containsExactly("HTTP/1.1 304", "HTTP/1.1 304");
        assertThat(hotPath.notModified.sum()).isEqualTo(before + 4);
        assertThat(hotPath.served.sum()).isEqualTo(servedBefore + 1);
        // Answered here, not passed on to the servlet port: the listener writes its header names in lower case.
        assertThat(answers.split("\r\netag: " + java.util.regex.Pattern.quote(etag), -1))
                .hasSize(6);
        assertThat(answers).doesNotContain("\r\nETag: ").contains("connection: close");
    }

    @Test
    void mediaLargerThanTheListenersBufferComesWholeThroughIt() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api fastSide = fast.bearer(box.credential());
        // 30 s of audio: some hundreds of kilobytes, past Netty's 64 KiB high-water mark for a channel's writes
        String bulletin = approvedBulletin(admin, w.communeAId(), "Bản tin dài", 30, "NORMAL");
        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(2))));
        JsonNode manifest = Await.until(
                "the manifest to list the bulletin's media",
                Await.PATIENCE,
                () -> fastSide.get("/edge/v1/manifest").json(),
                m -> m.get("media").size() > 0);
        String path = "/edge/v1/media/" + manifest.get("media").get(0).get("id").asString();

        int servletPort = Integer.parseInt(server.getRequiredProperty("local.server.port"));
        byte[] viaServlets = bytes(servletPort, box.credential(), path);
        assertThat(viaServlets.length).isGreaterThan(128 * 1024);
        for (int i = 0; i < 5; i++) {
            assertThat(bytes(listener.port(), box.credential(), path)).isEqualTo(viaServlets);
        }
    }

    private static byte[] bytes(int port, String credential, String path) throws Exception {
        java.net.http.HttpResponse<byte[]> answer = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + credential)
                                .timeout(java.time.Duration.ofSeconds(30))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void aChangeReachesBothPortsTogether() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api fastSide = fast.bearer(box.credential());
        String bulletin = approvedBulletin(admin, w.communeAId(), "Thông báo nhanh", 1.5, "NORMAL");
        String etag =
                fastSide.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);

        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(2))));

        Api.Response changed = Await.until(
                "the fast port to answer the changed manifest",
                Await.PATIENCE,
                () -> fastSide.get("/edge/v1/manifest", "If-None-Match", etag),
                r -> r.status() == 200);
        String newEtag = changed.headers().firstValue("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(etag);
        assertThat(changed.json().get("items").size()).isEqualTo(1);
        // Once one port sees the change, so does the other (one index), and the old tag is never 304 again.
        Api.Response servlet = box.edge().get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(servlet.status()).isEqualTo(200);
        assertThat(servlet.headers().firstValue("ETag")).contains(newEtag);
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", newEtag).status())
                .isEqualTo(304);
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(200);
    }

    @Test
    void aLongPollIsHeldByTheServletPathAndAnsweredThroughTheListener() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api fastSide = fast.bearer(box.credential());
        String etag =
                fastSide.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();

        Api.Response held = fastSide.get("/edge/v1/manifest", "If-None-Match", etag, "Prefer", "wait=1");
        assertThat(held.status()).isEqualTo(304);
        assertThat(held.headers().firstValue("Preference-Applied")).contains("wait=1");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndGarbageIsA400() throws IOException {
        TestWorld w = world();
        String hit = pollWithItsETag(box(w.operatorA(), w.villageAId()));
        String miss = "GET /edge/v1/manifest HTTP/1.1\r\nHost: x\r\n\r\n";
        String last = hit.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
        String answers = exchange(hit + miss + hit + last);
        assertThat(statusLines(answers))
                .containsExactly("HTTP/1.1 304", "HTTP/1.1 401", "HTTP/1.1 304", "HTTP/1.1 304");

        assertThat(statusLines(exchange("NOT HTTP AT ALL\r\n\r\n"))).containsExactly("HTTP/1.1 400");
    }

    // ---------------------------------------------------------------- helpers

    /** Polls until answered from memory (304), with the credential's hash remembered; answers the ETag. */
    private String answeredFromMemory(Api fastSide, String credential) {
        String etag =
                fastSide.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(fastSide.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);
        assertThat(hotPath.remembers(credential)).isTrue(); // its hash is not computed again
        return etag;
    }

    /** A poll of the box's manifest with the ETag it has now (answered 304 from memory), as raw HTTP/1.1. */
    private static String pollWithItsETag(Box box) {
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        return "GET /edge/v1/manifest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + box.credential()
                + "\r\nIf-None-Match: " + etag + "\r\n\r\n";
    }

    /** Sends the requests, each part in a write of its own, and reads the answers until the listener closes. */
    private String exchange(String... parts) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (String part : parts) {
                out.write(part.getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(); // so that the parts tend to arrive in reads of their own
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read); // until the listener closes (the last request asks it to)
            return read.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The status lines in order (a body may end without a newline, right before the next answer). */
    private static List<String> statusLines(String answers) {
        return java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3}")
                .matcher(answers)
                .results()
                .map(java.util.regex.MatchResult::group)
                .toList();
    }

    private static JsonNode withoutServerTime(JsonNode manifest) {
        ((tools.jackson.databind.node.ObjectNode) manifest).remove("serverTime");
        return manifest;
    }

    record Box(String id, String credential, Api edge) {}

    private Box box(Api operator, String areaId) {
        // Enrolment through the fast listener: passed on to the servlet path.
        return enrol(operator, areaId, fast, api);
    }

    /** A device created by the operator and enrolled through {@code through}; its edge API on {@code servlets}. */
    static Box enrol(Api operator, String areaId, Api through, Api servlets) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, areaId, through);
        return new Box(device.id(), device.credential(), device.edge(servlets));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> heartbeat() {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", Instant.now().toString());
        heartbeat.put("playingItemId", null);
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 123456789L);
        heartbeat.put("agentVersion", "1.0.0");
        heartbeat.put("uptimeS", 42);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", -12);
        heartbeat.put("manifestVersion", null);
        heartbeat.put("commandsDone", List.of());
        heartbeat.put("mediaErrors", List.of());
        return heartbeat;
    }

    private static String inHours(int hours) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusHours(hours)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }

    /** Waits with the shared {@link Await} (FastListenerTwoNodesTest waits through this too). */
    static void eventually(BooleanSupplier condition) {
        Await.until("the condition to hold", condition);
    }
}
