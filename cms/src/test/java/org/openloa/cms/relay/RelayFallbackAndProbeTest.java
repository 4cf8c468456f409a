package org.openloa.cms.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;
import static org.openloa.cms.broadcast.Scheduling.submittedBulletin;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.cms.access.Caller;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The area's fallback bulletin (bản tin dự phòng) through the API and into the boxes' manifests, and the probe
 * before air against real sources: a dead one is flagged (for the area and in the box's manifest), a live one is
 * not, and a slot is probed once however many times the probes are run at once.
 */
class RelayFallbackAndProbeTest extends ServerTest {

    private static final String PATH = "/api/v1/relay-fallbacks/";

    @Autowired
    RelayProbes probes;

    @Test
    void anOperatorPicksAnApprovedBulletinItsVillagesInheritItAndTheBoxesCacheIt() {
        TestWorld w = world();
        String bulletin = approvedBulletin(admin, w.communeAId(), "Dự phòng " + w.suffix(), 2, "NORMAL");
        String draft = submittedBulletin(admin, w.communeAId(), "Chưa duyệt " + w.suffix(), 1, "NORMAL");
        String elsewhere = approvedBulletin(admin, w.communeBId(), "Xã Bình " + w.suffix(), 1, "NORMAL");

        // Bad input changes nothing and names the field; outside reach the area does not exist.
        assertThat(w.operatorA()
                        .put(PATH + w.communeAId(), Map.of())
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("bulletinId");
        Api.Response notApproved = w.operatorA().put(PATH + w.communeAId(), Map.of("bulletinId", draft));
        assertThat(notApproved.status()).isEqualTo(422);
        assertThat(notApproved.text("code")).isEqualTo("fallback-bulletin-not-approved");
        assertThat(w.operatorA()
                        .put(PATH + w.communeAId(), Map.of("bulletinId", elsewhere))
                        .status())
                .as("a bulletin of another commune is not the caller's to pick")
                .isEqualTo(422);
        assertThat(w.operatorB()
                        .put(PATH + w.communeAId(), Map.of("bulletinId", bulletin))
                        .status())
                .isEqualTo(404);
        assertThat(w.operatorA()
                        .get(PATH + w.communeAId())
                        .json()
                        .get("effective")
                        .isNull())
                .isTrue();

        Api.Response chosen = w.operatorA().put(PATH + w.communeAId(), Map.of("bulletinId", bulletin));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        assertThat(chosen.json().get("own").get("bulletinId").asString()).isEqualTo(bulletin);
        JsonNode village = w.operatorA().get(PATH + w.villageAId()).json();
        assertThat(village.get("own").isNull()).isTrue();
        assertThat(village.get("effective").get("areaId").asString()).isEqualTo(w.communeAId());
        assertThat(w.operatorB()
                        .get(PATH + w.communeBId())
                        .json()
                        .get("effective")
                        .isNull())
                .as("the other commune is not covered")
                .isTrue();

        // A box in the village gets it with its relay, listed as media it may download.
        Box box = box(w.operatorA(), w.villageAId(), "Loa dự phòng " + w.suffix());
        String broadcastId =
                relay(w.operatorA(), w.communeAId(), "VOV1 " + w.suffix(), "https://radio.example.vn/a.mp3");
        JsonNode item = item(box, broadcastId, i -> i.hasNonNull("fallbackMediaId"));
        String mediaId = item.get("fallbackMediaId").asString();
        assertThat(box.edge().get("/edge/v1/media/" + mediaId).status()).isEqualTo(200);

        // Dropped: the village plays a tone again.
        assertThat(w.operatorA().delete(PATH + w.communeAId()).status()).isEqualTo(204);
        item(box, broadcastId, i -> !i.hasNonNull("fallbackMediaId"));
    }

    @Test
    void aDeadSourceIsFlaggedForTheAreaAndInTheBoxesManifestALiveOneIsNotAndEachSlotIsProbedOnce() throws Exception {
        RequiredTools.require("ffmpeg", "ffmpeg");
        TestWorld w = world();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HttpServer live = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] tone = TestAudio.toneWav(8, 0.3);
        live.createContext("/live.wav", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, tone.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(tone);
            }
        });
        live.start();
        try {
            Box box = box(w.operatorA(), w.villageAId(), "Loa kiểm tra " + w.suffix());
            String dead = relay(
                    w.operatorA(), w.communeAId(), "Đài chết " + w.suffix(), "http://127.0.0.1:" + closed + "/x.mp3");
            String well = relay(
                    w.operatorB(),
                    w.communeBId(),
                    "Đài tốt " + w.suffix(),
                    "http://127.0.0.1:" + live.getAddress().getPort() + "/live.wav");

            // Two nodes (here: two calls at once) find the same slots due: each is probed once.
            var first = probes.runDue();
            var second = probes.runDue();
            first.get(90, TimeUnit.SECONDS);
            second.get(90, TimeUnit.SECONDS);
            probes.runDue().get(90, TimeUnit.SECONDS);

            Instant from = Instant.now().minus(Duration.ofHours(1));
            Instant to = Instant.now().plus(Duration.ofHours(1));
            List<RelayProbes.Finding> inA = probes.warnings(Caller.system(), UUID.fromString(w.communeAId()), from, to);
            assertThat(inA)
                    .as("the dead source is flagged for its area")
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.broadcastId()).hasToString(dead);
                        assertThat(f.phase()).isEqualTo("BEFORE");
                        assertThat(f.problem()).startsWith("no answer");
                    });
            assertThat(probes.warnings(Caller.system(), UUID.fromString(w.communeBId()), from, to))
                    .as("the live one is not")
                    .isEmpty();
            assertThat(probes.probesOf(UUID.fromString(dead))).as("probed once").isEqualTo(1);
            assertThat(probes.probesOf(UUID.fromString(well))).isEqualTo(1);

            JsonNode item = item(box, dead, i -> i.hasNonNull("sourceWarning"));
            assertThat(item.get("sourceWarning").asString()).startsWith("no answer");

            // The area's operators are told, once (the START probe of the same slot does not tell them again);
            // the other commune's are not.
            List<JsonNode> told = new java.util.ArrayList<>();
            w.operatorA().get("/api/v1/notifications").json().path("items").forEach(n -> {
                if ("RELAY_SOURCE_FAILED".equals(n.path("kind").asString())
                        && dead.equals(n.path("subjectId").asString())) {
                    told.add(n);
                }
            });
            assertThat(told).as("operator A told of the dead source").hasSize(1);
            assertThat(told.get(0).toString())
                    .contains("Đài chết " + w.suffix())
                    .contains("no answer");
            w.operatorB()
                    .get("/api/v1/notifications")
                    .json()
                    .path("items")
                    .forEach(n -> assertThat(n.path("kind").asString())
                            .as("operator B is not told of commune A's relay")
                            .isNotEqualTo("RELAY_SOURCE_FAILED"));
        } finally {
            live.stop(0);
        }
    }

    // ---------------------------------------------------------------- boxes and relays

    record Box(String id, Api edge) {}

    private Box box(Api operator, String areaId, String name) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, Map.of("name", name, "areaId", areaId), api);
        return new Box(device.id(), device.edge(api));
    }

    /** A relay of {@code url} for the area, starting in two minutes (inside the probe's ten-minute lead). */
    private static String relay(Api operator, String areaId, String title, String url) {
        Map<String, Object> body = new LinkedHashMap<>(relaying(
                "PT10M",
                List.of(areaId),
                once(OffsetDateTime.now(ZoneOffset.ofHours(7))
                        .plusMinutes(2)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())));
        body.put("title", title);
        body.put("streamUrl", url);
        return create(operator, body).get("id").asString();
    }

    /** The box's manifest item of the broadcast, once it satisfies {@code until}. */
    private static JsonNode item(Box box, String broadcastId, Predicate<JsonNode> until) {
        Api.Response manifest = Await.until(
                "the box's manifest item of " + broadcastId + " as awaited",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest"),
                polled -> polled.status() == 200 && itemOf(polled, broadcastId, until) != null);
        JsonNode item = itemOf(manifest, broadcastId, until);
        if (item.hasNonNull("fallbackMediaId")) {
            String fallback = item.get("fallbackMediaId").asString();
            assertThat(manifest.json()
                            .get("media")
                            .valueStream()
                            .map(m -> m.get("id").asString()))
                    .as("the fallback is listed in media")
                    .contains(fallback);
        }
        return item;
    }

    private static JsonNode itemOf(Api.Response manifest, String broadcastId, Predicate<JsonNode> until) {
        for (JsonNode candidate : manifest.json().get("items")) {
            if (candidate.get("id").asString().startsWith(broadcastId) && until.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
