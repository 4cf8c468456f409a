package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Notifications of a missed emergency (issue 12, item 15): the missed-plays job's EMERGENCY sweep records a box
 * that did not play, and its commune's operators are told, once however often the sweep runs; another commune's
 * are not. Here, beside {@link MissedPlays}, because the test drives its sweep as the job does.
 */
class MissedEmergencyNotificationTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MissedPlays missedPlays;

    @Test
    void operatorsAreToldOfAnEmergencyTheirBoxDidNotPlayOnce() {
        TestWorld w = world();
        // An emergency at an hour of its own (no other test's sweep window holds it), for commune A only.
        Map<String, Object> storm =
                Scheduling.relaying("PT30S", List.of(w.communeAId()), Scheduling.once("2027-09-21T09:41:00+07:00"));
        storm.put("priority", "EMERGENCY");
        Scheduling.create(w.operatorA(), storm);
        Instant end = Instant.parse("2027-09-21T02:41:30Z");
        String silent = Scheduling.device(w.operatorA(), w.villageAId(), "Loa im lặng " + w.suffix());
        String inB = Scheduling.device(w.operatorB(), w.villageBId(), "Loa B " + w.suffix());
        for (String device : List.of(silent, inB)) {
            jdbc.update(
                    "update device set last_seen_at = ? where id = ?",
                    Timestamp.from(Instant.now()),
                    UUID.fromString(device));
        }
        Instant before = jdbc
                .query(
                        "select until from job_watermark where job_name = 'missed-plays-emergency'",
                        (rs, i) -> rs.getTimestamp(1).toInstant())
                .stream()
                .findFirst()
                .orElse(null);
        watermark(end.minus(Duration.ofMinutes(5)));
        try {
            // the missed-plays job's EMERGENCY sweep two minutes after the end, twice: told once
            transaction.executeWithoutResult(
                    s -> missedPlays.sweepEmergencies(end.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1)));
            transaction.executeWithoutResult(
                    s -> missedPlays.sweepEmergencies(end.plus(Duration.ofMinutes(3)), Duration.ofMinutes(1)));
        } finally {
            watermark(before == null ? Instant.now().minus(Duration.ofMinutes(1)) : before);
        }
        List<JsonNode> told = kinds(w.operatorA(), "EMERGENCY_MISSED");
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("subjectId").asString()).isEqualTo(silent);
        assertThat(told.get(0).get("subject").asString()).isEqualTo("Loa im lặng " + w.suffix());
        assertThat(told.get(0).get("link").asString()).isEqualTo("/devices/missed");
        assertThat(kinds(w.operatorB(), "EMERGENCY_MISSED"))
                .as("commune B had no emergency")
                .isEmpty();
    }

    private void watermark(Instant until) {
        if (jdbc.update(
                        "update job_watermark set until = ? where job_name = 'missed-plays-emergency'",
                        Timestamp.from(until))
                == 0) {
            jdbc.update(
                    "insert into job_watermark (job_name, until) values ('missed-plays-emergency', ?)",
                    Timestamp.from(until));
        }
    }

    private static List<JsonNode> kinds(Api caller, String kind) {
        Api.Response response = caller.get("/api/v1/notifications");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .filter(n -> n.get("kind").asString().equals(kind))
                .toList();
    }
}
