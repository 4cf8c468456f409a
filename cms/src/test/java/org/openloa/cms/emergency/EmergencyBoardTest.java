package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/**
 * The board's per-device states through the API, fed by a box that speaks the real edge protocol: "đang tải"
 * (DOWNLOADING) from the box's RECEIVED until its READY, and each row's steps in the order they reached cms,
 * whatever the box's clock says. (The page shows the same rows: EmergencyInTheBrowserTest.)
 */
class EmergencyBoardTest extends ServerTest {

    @Test
    void aBoxWhoseClockIsBehindShowsDownloadingFromItsReceivedUntilItsReadyAndItsStepsInArrivalOrder() {
        TestWorld w = world();
        EmergencyApiTest.Box box = EmergencyApiTest.box(api, w.operatorA(), w.villageAId());
        // Online (a box never heard from is OFFLINE on the board whatever it was sent).
        assertThat(box.edge().post("/edge/v1/heartbeat", heartbeat()).status()).isEqualTo(204);
        String bulletin = approvedBulletin(admin, w.communeAId(), "Lũ quét " + w.suffix(), 2.0, "NORMAL");
        Api.Response raised = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of("title", "Lũ quét", "bulletinId", bulletin, "areaIds", List.of(w.communeAId())));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        String id = raised.json().get("id").asString();
        String broadcast = raised.json().get("broadcastIds").get(0).asString();

        // The box polls: its manifest lists the item (SENT, by cms's clock), and the board says it was woken.
        JsonNode manifest = EmergencyApiTest.manifest(box, m -> EmergencyApiTest.emergencyItem(m, broadcast) != null);
        String item =
                EmergencyApiTest.emergencyItem(manifest, broadcast).get("id").asString();
        assertThat(row(w, id, box).get("state").asString()).isEqualTo("WOKE_UP");

        // Its clock is ten minutes behind: by its clock it learned of the item before cms listed it.
        OffsetDateTime boxClock = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        assertThat(box.edge()
                        .post("/edge/v1/events", List.of(event(item, "RECEIVED", boxClock)))
                        .status())
                .isEqualTo(204);
        JsonNode downloading = row(w, id, box);
        assertThat(downloading.get("state").asString())
                .as(downloading.toString())
                .isEqualTo("DOWNLOADING");
        JsonNode counts = board(w, id).get("counts");
        assertThat(counts.get("downloading").asInt()).isEqualTo(1);
        assertThat(counts.get("wokeUp").asInt()).isZero();

        assertThat(box.edge()
                        .post("/edge/v1/events", List.of(event(item, "READY", boxClock.plusSeconds(2))))
                        .status())
                .isEqualTo(204);
        JsonNode ready = row(w, id, box);
        assertThat(ready.get("state").asString()).isEqualTo("READY");
        assertThat(states(ready)).containsExactly("WOKE_UP", "DOWNLOADING", "READY");
        // In the order cms learned of them; each with the box's own time beside cms's.
        List<Instant> received = new ArrayList<>();
        ready.get("steps")
                .forEach(s -> received.add(Instant.parse(s.get("receivedAt").asString())));
        assertThat(received).isSorted();
        Instant boxReceived = Instant.parse(ready.get("steps").get(1).get("at").asString());
        assertThat(boxReceived).isBefore(received.get(0));
    }

    private JsonNode board(TestWorld w, String id) {
        Api.Response read = w.operatorA().get("/api/v1/emergencies/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json().get("board");
    }

    private JsonNode row(TestWorld w, String id, EmergencyApiTest.Box box) {
        for (JsonNode device : board(w, id).get("devices")) {
            if (device.get("deviceId").asString().equals(box.id())) {
                return device;
            }
        }
        throw new AssertionError("the box is not on the board");
    }

    private static List<String> states(JsonNode row) {
        List<String> states = new ArrayList<>();
        row.get("steps").forEach(s -> states.add(s.get("state").asString()));
        return states;
    }

    private static Map<String, Object> heartbeat() {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", Instant.now().toString());
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 123456789L);
        heartbeat.put("agentVersion", "0.1.0");
        heartbeat.put("uptimeS", 42);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", 0);
        heartbeat.put("commandsDone", List.of());
        heartbeat.put("mediaErrors", List.of());
        return heartbeat;
    }

    private static Map<String, Object> event(String itemId, String type, OffsetDateTime at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("itemId", itemId);
        event.put("type", type);
        event.put("at", at.toString());
        return event;
    }
}
