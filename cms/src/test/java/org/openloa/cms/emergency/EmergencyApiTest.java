package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import tools.jackson.databind.JsonNode;

/**
 * The emergency path through the API, with real audio (ffmpeg), real broadcasts and plans, and boxes
 * that poll the real manifest: "now" means now, a second operator stops it, and nothing leaks across communes.
 */
class EmergencyApiTest extends ServerTest {

    public record Box(String id, Api edge) {}

    @Test
    void anApprovedBulletinIsOnAirAtOnceAndTheNextPollOfABoxHasItStartingNow() {
        TestWorld w = world();
        Box box = box(api, w.operatorA(), w.villageAId());
        String bulletin = approvedBulletin(admin, w.communeAId(), "Cảnh báo bão " + w.suffix(), 2.0, "NORMAL");
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();

        Instant before = Instant.now();
        Api.Response raised = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Bão số 3",
                                "bulletinId",
                                bulletin,
                                "areaIds",
                                List.of(w.communeAId()),
                                "endsAt",
                                OffsetDateTime.now().plusHours(5).toString(),
                                "repeatEveryMinutes",
                                120));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        JsonNode emergency = raised.json();
        assertThat(emergency.get("state").asString()).isEqualTo("ON_AIR");
        assertThat(emergency.get("repeatEveryMinutes").asInt()).isEqualTo(120);
        // now, in two hours and in four: five hours at every two hours
        assertThat(emergency.get("broadcastIds")).hasSize(3);
        String first = emergency.get("broadcastIds").get(0).asString();

        // The box's next poll has it, within the manifest index's refresh on this node (a second by default): the
        // plan changed in the transaction that raised it. (Dropping the entry at once is the edge's part.)
        Api.Response polled = Await.until(
                "a new manifest for the box",
                Await.PATIENCE,
                () -> box.edge().get("/edge/v1/manifest", "If-None-Match", etag),
                r -> r.status() == 200);
        JsonNode item = emergencyItem(polled.json(), first);
        assertThat(item).as(polled.body()).isNotNull();
        assertThat(item.get("priority").asString()).isEqualTo("EMERGENCY");
        Instant start = OffsetDateTime.parse(item.get("start").asString()).toInstant();
        Instant end = OffsetDateTime.parse(item.get("end").asString()).toInstant();
        assertThat(start).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(end).isAfter(Instant.now());
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.openloa.cms.broadcast.BroadcastService broadcastService;

    @org.springframework.beans.factory.annotation.Autowired
    EmergencyRows emergencyRows;

    @Test
    void anEmergencyWhoseBroadcastsAllEndedHasEndedWithoutAnyoneReadingIt() {
        TestWorld w = world();
        String bulletin = approvedBulletin(admin, w.communeAId(), "Hết cảnh báo " + w.suffix(), 2.0, "NORMAL");
        Api.Response raised = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Lũ đã rút",
                                "bulletinId",
                                bulletin,
                                "areaIds",
                                List.of(w.communeAId()),
                                "endsAt",
                                OffsetDateTime.now().plusHours(3).toString(),
                                "repeatEveryMinutes",
                                120));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        UUID id = UUID.fromString(raised.text("id"));
        List<UUID> broadcastIds = new ArrayList<>();
        raised.json().get("broadcastIds").forEach(b -> broadcastIds.add(UUID.fromString(b.asString())));

        // What each broadcast's end trigger does when its time comes (here told it is a day later).
        Instant dayLater = Instant.now().plus(Duration.ofDays(1));
        broadcastService.endIfOver(broadcastIds.get(0), dayLater);
        assertThat(emergencyRows.findById(id).orElseThrow().state())
                .as("one broadcast of two is over: still on air")
                .isEqualTo(EmergencyState.ON_AIR);
        for (UUID broadcast : broadcastIds.subList(1, broadcastIds.size())) {
            broadcastService.endIfOver(broadcast, dayLater);
        }
        assertThat(emergencyRows.findById(id).orElseThrow().state())
                .as("read from the table, not through the service that settles on reading")
                .isEqualTo(EmergencyState.ENDED);
    }

    @Test
    void aCommuneOperatorCannotReachAnotherCommuneAndNothingIsStored() {
        TestWorld w = world();
        String title = "Ngoài xã " + w.suffix();
        Api.Response refused = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of("title", title, "text", "Thử.", "areaIds", List.of(w.communeBId())));
        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(w.operatorB().get("/api/v1/emergencies").body()).doesNotContain(title);
        assertThat(w.provinceAdmin().get("/api/v1/emergencies").body()).doesNotContain(title);

        // Nor can an editor without an operator's role raise one, even in their own commune.
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        assertThat(editor.post(
                                "/api/v1/emergencies",
                                Map.of("title", title, "text", "Thử.", "areaIds", List.of(w.communeAId())))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aSecondOperatorStopsItAndTheBoxNoLongerHasTheItem() {
        TestWorld w = world();
        Box box = box(api, w.operatorA(), w.villageAId());
        String bulletin = approvedBulletin(admin, w.communeAId(), "Cháy rừng " + w.suffix(), 2.0, "NORMAL");
        JsonNode emergency = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Cháy rừng",
                                "bulletinId",
                                bulletin,
                                "areaIds",
                                List.of(w.villageAId()),
                                "endsAt",
                                OffsetDateTime.now().plusHours(3).toString(),
                                "repeatEveryMinutes",
                                60))
                .json();
        String id = emergency.get("id").asString();
        String broadcastId = emergency.get("broadcastIds").get(0).asString();
        manifest(box, m -> emergencyItem(m, broadcastId) != null);

        // Another commune's operator does not see it, let alone stop it.
        assertThat(w.operatorB()
                        .post("/api/v1/emergencies/" + id + "/stop", Map.of("reason", "nhầm"))
                        .status())
                .isEqualTo(404);
        // A reason is required.
        Api secondOperator = TestWorld.user(admin, "op2" + w.suffix(), "OPERATOR", w.communeAId());
        Api.Response noReason = secondOperator.post("/api/v1/emergencies/" + id + "/stop", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");

        Api.Response stopped =
                secondOperator.post("/api/v1/emergencies/" + id + "/stop", Map.of("reason", "Lửa đã được dập tắt"));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.text("state")).isEqualTo("STOPPED");
        assertThat(stopped.text("stoppedBy")).isEqualTo("op2" + w.suffix());
        assertThat(stopped.text("stopReason")).isEqualTo("Lửa đã được dập tắt");

        // Every airing (now and the repeats) is off air.
        assertThat(emergency.get("broadcastIds")).hasSize(3);
        for (JsonNode airing : emergency.get("broadcastIds")) {
            JsonNode ended =
                    w.operatorA().get("/api/v1/broadcasts/" + airing.asString()).json();
            assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("ENDED");
        }
        manifest(box, m -> emergencyItem(m, broadcastId) == null);
        assertThat(secondOperator
                        .post("/api/v1/emergencies/" + id + "/stop", Map.of("reason", "lần nữa"))
                        .status())
                .isEqualTo(409);
        assertThat(admin.get("/api/v1/audit?size=500&action=EMERGENCY_STOPPED").body())
                .contains(id)
                .contains("Lửa đã được dập tắt");
    }

    @Test
    void replacingTheContentAirsTheNewOneNowAndWithdrawsTheOld() {
        TestWorld w = world();
        Box box = box(api, w.operatorA(), w.villageAId());
        String first = approvedBulletin(admin, w.communeAId(), "Bản đầu " + w.suffix(), 1.5, "NORMAL");
        String second = approvedBulletin(admin, w.communeAId(), "Bản sửa " + w.suffix(), 1.5, "NORMAL");
        JsonNode emergency = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of("title", "Sạt lở", "bulletinId", first, "areaIds", List.of(w.communeAId())))
                .json();
        String id = emergency.get("id").asString();
        String old = emergency.get("broadcastIds").get(0).asString();

        Api.Response replaced = send(w.operatorA(), id, Map.of("bulletinId", second));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("contents").get(0).get("bulletinId").asString())
                .isEqualTo(second);
        String fresh = replaced.json().get("broadcastIds").get(0).asString();
        JsonNode oldBroadcast = w.operatorA().get("/api/v1/broadcasts/" + old).json();
        assertThat(oldBroadcast.get("state").asString())
                .as(oldBroadcast.toString())
                .isEqualTo("ENDED");
        assertThat(fresh).isNotEqualTo(old);
        JsonNode manifest = manifest(box, m -> emergencyItem(m, fresh) != null);
        assertThat(emergencyItem(manifest, old)).as(manifest.toString()).isNull();
    }

    @Test
    void badInputIs400NamingTheFieldAndStoresNothing() {
        TestWorld w = world();
        Api operator = w.operatorA();
        expectField(
                operator.post("/api/v1/emergencies", Map.of("text", "x", "areaIds", List.of(w.communeAId()))),
                400,
                "title");
        expectField(
                operator.post(
                        "/api/v1/emergencies",
                        Map.of("title", "Bad " + w.suffix(), "areaIds", List.of(w.communeAId()))),
                400,
                "text");
        Map<String, Object> badEnd =
                new HashMap<>(Map.of("title", "Bad " + w.suffix(), "text", "x", "areaIds", List.of(w.communeAId())));
        badEnd.put("endsAt", "tomorrow");
        expectField(operator.post("/api/v1/emergencies", badEnd), 400, "endsAt");
        badEnd.put("endsAt", OffsetDateTime.now().minusHours(1).toString());
        expectField(operator.post("/api/v1/emergencies", badEnd), 422, "endsAt");
        badEnd.put("endsAt", OffsetDateTime.now().plusHours(1).toString());
        badEnd.put("repeatEveryMinutes", 1);
        expectField(operator.post("/api/v1/emergencies", badEnd), 422, "repeatEveryMinutes");
        expectField(
                operator.post(
                        "/api/v1/emergencies", Map.of("title", "Bad " + w.suffix(), "text", "x", "areaIds", List.of())),
                422,
                "areaIds");
        assertThat(operator.post("/api/v1/emergencies", "{\"title\": ").status())
                .isEqualTo(400);
        assertThat(operator.get("/api/v1/emergencies?size=200").body()).doesNotContain("Bad " + w.suffix());
        assertThat(operator.get("/api/v1/emergencies/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    private static void expectField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(response.body()).contains(field);
    }

    private static Api.Response send(Api caller, String id, Map<String, Object> body) {
        return caller.put("/api/v1/emergencies/" + id + "/content", body);
    }

    /** The box's manifest once it satisfies {@code condition} (the index refreshes within a second or so). */
    static JsonNode manifest(Box box, java.util.function.Predicate<JsonNode> condition) {
        return Await.until(
                "the box's manifest to say so",
                Await.PATIENCE,
                () -> box.edge().get("/edge/v1/manifest").json(),
                condition);
    }

    /** The manifest's item of this broadcast, or null. */
    static JsonNode emergencyItem(JsonNode manifest, String broadcastId) {
        for (JsonNode item : manifest.get("items")) {
            if (item.get("id").asString().startsWith(broadcastId + "@")) {
                return item;
            }
        }
        return null;
    }

    static Box box(Api api, Api operator, String areaId) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, areaId, api);
        Api edge = device.edge(api);
        assertThat(edge.get("/edge/v1/manifest").status()).isEqualTo(200);
        return new Box(device.id(), edge);
    }
}
