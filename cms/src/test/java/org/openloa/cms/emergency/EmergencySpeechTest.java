package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An emergency typed as text: real speech (espeak-ng), then on air starting now, saying when it was issued. */
@org.junit.jupiter.api.Tag("media")
class EmergencySpeechTest extends ServerTest {

    @BeforeAll
    static void tools() {
        RequiredTools.require("espeak-ng", "espeak-ng");
    }

    @Test
    void spokenTextGoesOnAirStartingNowAndSaysWhenItWasIssued() {
        TestWorld w = world();
        EmergencyApiTest.Box box = EmergencyApiTest.box(api, w.operatorA(), w.villageAId());
        Instant before = Instant.now();
        Api.Response raised = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Lũ quét " + w.suffix(),
                                "text",
                                "Nước sông đang lên nhanh, bà con di chuyển lên vùng cao ngay.",
                                "areaIds",
                                List.of(w.communeAId())));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        assertThat(raised.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith(raised.text("id")));
        assertThat(raised.text("state")).isIn("PREPARING", "ON_AIR");
        String id = raised.text("id");

        JsonNode onAir = Await.until(
                "the warning spoken (no longer PREPARING)",
                Await.PATIENCE,
                () -> w.operatorA().get("/api/v1/emergencies/" + id).json(),
                e -> !e.get("state").asString().equals("PREPARING"));
        assertThat(onAir.get("state").asString()).as(onAir.toString()).isEqualTo("ON_AIR");
        assertThat(onAir.get("priority").asString()).isEqualTo("EMERGENCY");
        assertThat(onAir.get("broadcastIds")).hasSize(1);
        String broadcastId = onAir.get("broadcastIds").get(0).asString();

        JsonNode broadcast =
                w.operatorA().get("/api/v1/broadcasts/" + broadcastId).json();
        assertThat(broadcast.get("priority").asString()).isEqualTo("EMERGENCY");
        Instant at = OffsetDateTime.parse(broadcast.get("schedule").get("at").asString())
                .toInstant();
        assertThat(at).isBetween(before.minusSeconds(1), Instant.now());

        // The speech restates the issue time first, in the area's zone, so every repeat says it.
        String bulletinId = onAir.get("contents").get(0).get("bulletinId").asString();
        JsonNode bulletin = w.operatorA().get("/api/v1/bulletins/" + bulletinId).json();
        assertThat(bulletin.get("body").asString()).startsWith("Thông báo lúc ");
        assertThat(bulletin.get("status").asString()).isEqualTo("APPROVED");
        assertThat(bulletin.get("audio").get("loudnessLufs").asDouble()).isBetween(-17.0, -15.0);

        JsonNode item = EmergencyApiTest.emergencyItem(
                EmergencyApiTest.manifest(box, m -> EmergencyApiTest.emergencyItem(m, broadcastId) != null),
                broadcastId);
        assertThat(item.get("priority").asString()).isEqualTo("EMERGENCY");
        assertThat(OffsetDateTime.parse(item.get("start").asString()).toInstant())
                .isEqualTo(at);

        JsonNode board = onAir.get("board");
        assertThat(board.get("counts").get("total").asInt()).isEqualTo(1);
        assertThat(board.get("devices").get(0).get("deviceId").asString()).isEqualTo(box.id());

        JsonNode audit =
                admin.get("/api/v1/audit?size=500&action=EMERGENCY_RAISED").json();
        assertThat(audit.toString()).contains(id).contains("opa" + w.suffix());
    }

    @Test
    void theBoxesHearOfASpokenEmergencyWhenItsAudioIsReadyThoughNobodyLooksAtIt() {
        // Reading an emergency also puts it on air once its audio is there (the safety net), so this test reads
        // only what a box reads: its manifest. The audio pipeline's "audio attached" must do it on its own.
        TestWorld w = world();
        EmergencyApiTest.Box box = EmergencyApiTest.box(api, w.operatorA(), w.villageAId());
        Api.Response raised = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Sạt lở " + w.suffix(),
                                "text",
                                "Đất đá sạt lở trên đường liên xã, bà con không đi qua khu vực này.",
                                "areaIds",
                                List.of(w.communeAId())));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);

        JsonNode manifest = EmergencyApiTest.manifest(
                box,
                m -> m.get("items")
                        .valueStream()
                        .anyMatch(i -> "EMERGENCY".equals(i.get("priority").asString())));

        assertThat(manifest.get("media")).isNotEmpty();
        // And the box is woken for it right after that commit (the plan-notify job's one-shot run), not by the
        // job's minutely sweep: the version the manifest carries is marked pushed well within the minute.
        UUID device = UUID.fromString(box.id());
        Await.until(
                "the devices woken when the spoken warning went on air", Duration.ofSeconds(20), () -> pushed(device));
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private boolean pushed(UUID device) {
        return jdbc.queryForObject(
                        "select count(*) from device_plan where device_id = ? and notified_version >= version",
                        Integer.class,
                        device)
                == 1;
    }

    @Test
    void anUnknownVoiceIs422NamingTheVoice() {
        TestWorld w = world();
        Api.Response refused = w.operatorA()
                .post(
                        "/api/v1/emergencies",
                        Map.of(
                                "title",
                                "Giọng lạ",
                                "text",
                                "x",
                                "voice",
                                "klingon",
                                "areaIds",
                                List.of(w.communeAId())));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("voice");
    }
}
