package org.openloa.cms.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Relay minutes and incidents (docs/reports.md) from what a box really sent through the edge API: a relay it was
 * sent in its manifest, played with a minute of its source lost, a failed play, and heartbeat slots with two long
 * silences. The report counts them in the box's commune and in the whole province, not in the other commune.
 */
class IncidentsAndStreamsTest extends ServerTest {

    @Autowired
    HeartbeatSlots slots;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void relayMinutesLessTheLostSourceAndEachKindOfIncidentAreCountedWhereTheBoxIs() {
        TestWorld w = world();
        EnrolledDevice device = EnrolledDevice.enrol(
                w.operatorA(), Map.of("name", "Loa sự cố " + w.suffix(), "areaId", w.villageAId()), api);
        String deviceId = device.id();
        Api box = device.edge(api);

        // A relay the box was really sent.
        Map<String, Object> body = new LinkedHashMap<>(relaying(
                "PT10M",
                List.of(w.villageAId()),
                once(OffsetDateTime.now(ZoneOffset.ofHours(7))
                        .plusMinutes(2)
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString())));
        body.put("title", "Tiếp sóng " + w.suffix());
        String broadcastId = create(w.operatorA(), body).get("id").asString();
        JsonNode item = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (item == null && Instant.now().isBefore(deadline)) {
            for (JsonNode candidate : box.get("/edge/v1/manifest").json().get("items")) {
                if (candidate.get("id").asString().startsWith(broadcastId)) {
                    item = candidate;
                }
            }
        }
        assertThat(item).as("the relay reached the box's manifest").isNotNull();
        OffsetDateTime start = OffsetDateTime.parse(item.get("start").asString());
        // 300 s on air of which 60 s the source was lost (a relay that lost anything is INTERRUPTED), and a
        // failed attempt at the same slot.
        Map<String, Object> relayed = log(item.get("id").asString(), start, 300, "INTERRUPTED", "source lost");
        relayed.put("lostSeconds", 60);
        Map<String, Object> failed = log(item.get("id").asString(), start, 0, "FAILED", "no audio device");
        Api.Response stored = box.post("/edge/v1/playlogs", List.of(relayed, failed));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);

        // Heard 3 h ago, then not until 1 h ago: one silence ended; then nothing (or only now): a second one. The
        // box was installed just before the first of those heartbeats (none can come before its enrolment).
        Instant now = Instant.now();
        jdbc.update(
                "update device set enrolled_at = ? where id = ?",
                java.sql.Timestamp.from(now.minus(Duration.ofMinutes(190))),
                UUID.fromString(deviceId));
        slots.record(UUID.fromString(deviceId), now.minus(Duration.ofHours(3)));
        slots.record(UUID.fromString(deviceId), now.minus(Duration.ofHours(1)));

        String period = "&from=" + Scheduling.day(-1) + "&to=" + Scheduling.day(1);
        JsonNode province = w.provinceAdmin()
                .get("/api/v1/reports/summary?areaId=" + w.provinceId() + period)
                .json();
        JsonNode a = null;
        JsonNode b = null;
        for (JsonNode c : province.get("children")) {
            if (c.get("area").get("id").asString().equals(w.communeAId())) {
                a = c.get("figures");
            } else if (c.get("area").get("id").asString().equals(w.communeBId())) {
                b = c.get("figures");
            }
        }
        for (JsonNode f : List.of(province.get("total"), a)) {
            assertThat(f.get("relayMinutes").asDouble()).isEqualTo(4.0);
            assertThat(f.get("liveMinutes").asDouble()).isEqualTo(0.0);
            JsonNode incidents = f.get("incidents");
            assertThat(incidents.get("relayLosses").asLong()).isEqualTo(1);
            assertThat(incidents.get("failedPlays").asLong()).isEqualTo(1);
            assertThat(incidents.get("outages").asLong()).isEqualTo(2);
            assertThat(incidents.get("missedEmergencies").asLong()).isZero();
            assertThat(incidents.get("total").asLong()).isEqualTo(4);
        }
        assertThat(b.get("relayMinutes").asDouble()).isEqualTo(0.0);
        assertThat(b.get("incidents").get("total").asLong()).isZero();

        // The files carry them: the CSV's incidents table names each kind.
        Api.Response csv =
                w.provinceAdmin().get("/api/v1/reports/summary?areaId=" + w.provinceId() + period + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("Sự cố", "Loa mất tín hiệu quá 30 phút", "Tiếp sóng bị mất nguồn");
    }

    private static Map<String, Object> log(
            String itemId, OffsetDateTime start, int seconds, String outcome, String why) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", UUID.randomUUID().toString());
        log.put("itemId", itemId);
        log.put("mediaId", null);
        log.put("startedAt", start.toString());
        log.put("endedAt", start.plusSeconds(seconds).toString());
        log.put("outcome", outcome);
        log.put("reason", why);
        return log;
    }
}
