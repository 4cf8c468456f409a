package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An emergency that reached a box only after its end is "arrived late", not "no report" (issue 14: a box that
 * polled 39 s after an 8-second item showed 20 minutes later as a box that said nothing), and it shows within a
 * couple of minutes of the item's end.
 */
class LateArrivalsTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MissedPlays missedPlays;

    @Test
    void anEmergencyThatReachedTheBoxAfterItsEndIsArrivedLateAndOneNobodyReportedIsNoReport() {
        TestWorld w = world();
        Map<String, Object> storm = relaying("PT30S", List.of(w.communeAId()), once("2027-08-14T10:17:00+07:00"));
        storm.put("priority", "EMERGENCY");
        String broadcast = create(w.operatorA(), storm).get("id").asString();
        Instant at = Instant.parse("2027-08-14T03:17:00Z");
        Instant end = at.plusSeconds(30);
        String item = broadcast + "@" + at;

        // Said so itself: sent the item in time, but reported LATE (e.g. its clock, a long outage).
        EnrolledDevice enrolled =
                EnrolledDevice.enrol(w.operatorA(), Map.of("name", "Loa báo muộn", "areaId", w.villageAId()), api);
        String saidLate = enrolled.id();
        Api box = enrolled.edge(api);
        listed(saidLate, item, at, end, at.minusSeconds(60));
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("id", UUID.randomUUID().toString());
        late.put("itemId", item);
        late.put("type", "LATE");
        late.put(
                "at",
                OffsetDateTime.ofInstant(end.plusSeconds(9), ZoneOffset.UTC).toString());
        late.put("reason", "late: arrived after its end");
        assertThat(box.post("/edge/v1/events", List.of(late)).status()).isEqualTo(204);
        // Sent the item only by a manifest built after its end: it could not have aired.
        String polledLate = device(w.operatorA(), w.villageAId(), "Loa hỏi muộn");
        listed(polledLate, item, at, end, end.plusSeconds(39));
        // Sent in time, said nothing.
        String silent = device(w.operatorA(), w.villageAId(), "Loa im lặng");
        listed(silent, item, at, end, at.minusSeconds(60));
        for (String device : List.of(saidLate, polledLate, silent)) {
            jdbc.update(
                    "update device set last_seen_at = ? where id = ?",
                    Timestamp.from(Instant.now()),
                    UUID.fromString(device));
        }
        watermark(at.minusSeconds(60));

        // Two minutes after its end, with the default grace of a minute for EMERGENCY items.
        String swept = transaction.execute(
                s -> missedPlays.sweepEmergencies(end.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1)));
        assertThat(swept).contains("EMERGENCY").contains("missed");

        JsonNode missed = w.operatorA()
                .get("/api/v1/missed-plays?from=" + at + "&to=" + at.plus(Duration.ofHours(1)))
                .json();
        Map<String, JsonNode> byDevice = new LinkedHashMap<>();
        missed.forEach(m -> byDevice.put(m.get("deviceId").asString(), m));
        assertThat(byDevice).containsOnlyKeys(saidLate, polledLate, silent);
        assertThat(byDevice.get(saidLate).get("reported").asString()).isEqualTo(MissedPlays.LATE);
        assertThat(byDevice.get(saidLate).get("reason").asString()).isEqualTo("late: arrived after its end");
        assertThat(byDevice.get(polledLate).get("reported").asString()).isEqualTo(MissedPlays.LATE);
        assertThat(byDevice.get(polledLate).get("reason").isNull()).isTrue();
        assertThat(byDevice.get(silent).get("reported").isNull()).isTrue();
        assertThat(byDevice.get(silent).get("priority").asString()).isEqualTo("EMERGENCY");

        watermark(Instant.now().minus(Duration.ofMinutes(1)));
    }

    /**
     * A box that hears of an item hours after its end (enrolled, or back from an outage, after it) says so at once:
     * SKIPPED, "late: arrived after its end". That log is kept, however long after the item's end, since it comes
     * soon after the box was first sent the item; a log of the same item from a box that was sent it in time, two
     * hours after its end, is still refused. Found by the demo: its boxes, enrolled mid-morning, saw their reports of
     * the morning's slots refused (422) and set aside.
     */
    @Test
    void aBoxThatHeardOfAnItemHoursAfterItsEndMayStillSayItArrivedLate() {
        TestWorld w = world();
        String broadcast = UUID.randomUUID().toString();
        Instant end = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant at = end.minusSeconds(30);
        String item = broadcast + "@" + at;
        EnrolledDevice late =
                EnrolledDevice.enrol(w.operatorA(), Map.of("name", "Loa mới lắp", "areaId", w.villageAId()), api);
        EnrolledDevice inTime =
                EnrolledDevice.enrol(w.operatorA(), Map.of("name", "Loa cũ", "areaId", w.villageAId()), api);
        listed(late.id(), item, at, end, Instant.now().minusSeconds(5));
        listed(inTime.id(), item, at, end, at.minusSeconds(60));

        Api.Response kept = late.edge(api).post("/edge/v1/playlogs", List.of(skippedLate(item)));
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("stored").asInt()).isEqualTo(1);
        JsonNode logs =
                w.operatorA().get("/api/v1/playlogs?deviceId=" + late.id()).json();
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).get("outcome").asString()).isEqualTo("SKIPPED");

        Api.Response refused = inTime.edge(api).post("/edge/v1/playlogs", List.of(skippedLate(item)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("outside-planned-window");
        assertThat(w.operatorA().get("/api/v1/playlogs?deviceId=" + inTime.id()).json())
                .isEmpty();
    }

    private static Map<String, Object> skippedLate(String item) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", UUID.randomUUID().toString());
        log.put("itemId", item);
        log.put("mediaId", UUID.randomUUID().toString());
        log.put("startedAt", now);
        log.put("endedAt", now);
        log.put("outcome", "SKIPPED");
        log.put("reason", "late: arrived after its end");
        return log;
    }

    @Test
    void theMissedPlaysPageSaysArrivedLateInVietnameseAndEnglish() throws Exception {
        TestWorld w = world();
        String device = device(w.operatorA(), w.villageAId(), "Loa nhận muộn");
        String path =
                jdbc.queryForObject("select area_path from device where id = ?", String.class, UUID.fromString(device));
        Instant end = Instant.now().minus(Duration.ofHours(1));
        jdbc.update(
                "insert into missed_play (device_id, item_id, broadcast_id, area_path, priority, planned_start,"
                        + " planned_end, reported, reason, detected_at) values (?, ?, ?, ?, 'EMERGENCY', ?, ?, 'LATE', null, ?)",
                UUID.fromString(device),
                UUID.randomUUID() + "@" + end.minusSeconds(8),
                UUID.randomUUID(),
                path,
                Timestamp.from(end.minusSeconds(8)),
                Timestamp.from(end),
                Timestamp.from(Instant.now()));

        java.net.http.HttpClient browser = loggedIn("opa" + w.suffix());
        String vi = page(browser, "/devices/missed");
        assertThat(vi).contains("Loa nhận muộn").contains("đến muộn").doesNotContain("không báo cáo");
        String en = page(browser, "/devices/missed?lang=en");
        assertThat(en).contains("arrived late").doesNotContain("no report");
    }

    private java.net.http.HttpClient loggedIn(String username) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(page(http, "/login"));
        assertThat(csrf.find()).isTrue();
        String form = "username=" + username + "&password="
                + java.net.URLEncoder.encode(TestWorld.PASSWORD, java.nio.charset.StandardCharsets.UTF_8) + "&_csrf="
                + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> login = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return http;
    }

    private String page(java.net.http.HttpClient http, String path) throws Exception {
        java.net.http.HttpResponse<String> page = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        return page.body();
    }

    private void listed(String device, String item, Instant start, Instant end, Instant firstListed) {
        jdbc.update(
                "insert into device_plan_item (device_id, item_id, planned_start, planned_end, first_listed)"
                        + " values (?, ?, ?, ?, ?)",
                UUID.fromString(device),
                item,
                Timestamp.from(start),
                Timestamp.from(end),
                Timestamp.from(firstListed));
    }

    private void watermark(Instant until) {
        if (jdbc.update(
                        "update job_watermark set until = ? where job_name = ?",
                        Timestamp.from(until),
                        MissedPlays.EMERGENCY_JOB)
                == 0) {
            jdbc.update(
                    "insert into job_watermark (job_name, until) values (?, ?)",
                    MissedPlays.EMERGENCY_JOB,
                    Timestamp.from(until));
        }
    }
}
