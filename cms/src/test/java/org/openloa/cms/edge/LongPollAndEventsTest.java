package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.edge.progress.ItemProgress;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Long polls (Prefer: wait) and item events (POST /edge/v1/events), through real HTTP as a box uses them: how an
 * emergency reaches a box at once without a broker, and how its board learns where each box stands.
 */
class LongPollAndEventsTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ItemProgress progress;

    @Test
    void aHeldPollIsAnsweredWithTheNewPlanAsSoonAsABroadcastTargetsTheDevice() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = currentEtag(box);

        CompletableFuture<HttpResponse<String>> held =
                HTTP.sendAsync(poll(box, etag, "wait=30").build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // the poll is held by now; if it were not, it would already be a 304 and fail below
        assertThat(held).isNotDone();
        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inMinutes(2))));

        HttpResponse<String> answer = held.get(25, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=30");
        assertThat(answer.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(answer.body()).contains(broadcast.get("id").asString());
    }

    @Test
    void aHeldPollWithNothingNewEndsWith304WhenItsWaitIsOver() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = currentEtag(box);

        HttpResponse<String> answer =
                HTTP.send(poll(box, etag, "wait=1").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        assertThat(answer.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void aPollWithoutPreferIsAnsweredAtOnceAndAWrongCredentialIsRefusedEvenWhenItAsksToWait() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = currentEtag(box);

        HttpResponse<String> plain = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer " + box.credential())
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(304);
        assertThat(plain.headers().firstValue("Preference-Applied")).isEmpty();

        HttpResponse<String> forged = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer oled_" + "x".repeat(40))
                        .header("If-None-Match", etag)
                        .header("Prefer", "wait=30")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void itemEventsAreStoredOnceReachTheBoardAndEventsOfItemsNeverSentAreRefused() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inMinutes(2))));
        String itemId = plannedItemId(box, broadcast.get("id").asString());
        UUID broadcastId = UUID.fromString(broadcast.get("id").asString());

        List<Map<String, Object>> batch = List.of(event(itemId, "RECEIVED", null), event(itemId, "READY", null));
        Api.Response first = box.edge().post("/edge/v1/events", batch);
        assertThat(first.status()).as(first.body()).isEqualTo(204);
        assertThat(box.edge().post("/edge/v1/events", batch).status()).isEqualTo(204);

        List<ItemProgress.DeviceProgress> board = progress.of(List.of(broadcastId));
        assertThat(board).hasSize(1);
        assertThat(board.get(0).deviceId()).hasToString(box.id());
        assertThat(board.get(0).steps())
                .extracting(ItemProgress.Reached::step)
                .containsExactly(ItemProgress.Step.SENT, ItemProgress.Step.RECEIVED, ItemProgress.Step.READY);

        Api.Response foreign = box.edge()
                .post(
                        "/edge/v1/events",
                        List.of(
                                event(itemId, "STARTED", null),
                                event(UUID.randomUUID() + "@2026-11-22T23:00:00Z", "STARTED", null)));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        Map<String, Object> noType = event(itemId, "STARTED", null);
        noType.remove("type");
        assertThat(box.edge().post("/edge/v1/events", List.of(noType)).status()).isEqualTo(400);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(event(itemId, "STARTED", null));
        }
        assertThat(box.edge().post("/edge/v1/events", tooMany).status()).isEqualTo(413);
        assertThat(api.anonymous()
                        .post("/edge/v1/events", List.of(event(itemId, "STARTED", null)))
                        .status())
                .isEqualTo(401);
        assertThat(progress.of(List.of(broadcastId)).get(0).steps()).hasSize(3);
    }

    // ---------------------------------------------------------------- helpers

    record Box(String id, String credential, Api edge) {}

    private Box box(Api operator, String areaId) {
        Api.Response created =
                operator.post("/api/v1/devices", Map.of("name", "Loa " + UUID.randomUUID(), "areaId", areaId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response enrolled = api.anonymous()
                .post(
                        "/edge/v1/enroll",
                        Map.of(
                                "enrollmentCode",
                                created.text("enrollmentCode"),
                                "hardwareId",
                                "machine-id:" + UUID.randomUUID(),
                                "agentVersion",
                                "0.1.0"));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        return new Box(created.text("id"), enrolled.text("credential"), api.bearer(enrolled.text("credential")));
    }

    /** Polls twice: the first answer (ordinary path) fills this node's index, so the next poll can be held. */
    private static String currentEtag(Box box) {
        Api.Response first = box.edge().get("/edge/v1/manifest");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);
        return etag;
    }

    private HttpRequest.Builder poll(Box box, String etag, String prefer) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                .header("Authorization", "Bearer " + box.credential())
                .header("If-None-Match", etag)
                .header("Prefer", prefer)
                .timeout(Duration.ofSeconds(70));
    }

    private static String plannedItemId(Box box, String broadcastId) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Api.Response manifest = box.edge().get("/edge/v1/manifest");
            for (JsonNode item : manifest.json().get("items")) {
                if (item.get("id").asString().startsWith(broadcastId)) {
                    return item.get("id").asString();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the broadcast never reached the device's manifest");
    }

    private static Map<String, Object> event(String itemId, String type, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("itemId", itemId);
        event.put("type", type);
        event.put("at", Instant.now().toString());
        event.put("reason", reason);
        return event;
    }

    private static String inMinutes(int minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusMinutes(minutes)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }
}
