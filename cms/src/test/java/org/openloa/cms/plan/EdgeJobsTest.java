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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.cms.device.DeviceService;
import org.openloa.testing.Await;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The jobs at the edges of time, on this server's own Quartz (JDBC store on the test database). */
class EdgeJobsTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DeviceService devices;

    @Autowired
    MissedPlays missedPlays;

    @Autowired
    Scheduler scheduler;

    @Test
    void aBroadcastEndsByItsOwnTriggerOnceItsLastOccurrenceIsOver() throws Exception {
        TestWorld w = world();
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = create(
                w.operatorA(),
                relaying(
                        "PT1S",
                        List.of(w.communeAId()),
                        once(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(7)).toString())));
        String id = created.get("id").asString();
        assertThat(created.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(scheduler.checkExists(TriggerKey.triggerKey("broadcast-end-" + id, "broadcast-end")))
                .isTrue();

        Await.until(
                "the broadcast ended by its end job",
                Duration.ofSeconds(30),
                () -> "ENDED"
                        .equals(w.operatorA().get("/api/v1/broadcasts/" + id).text("state")));
        assertThat(jdbc.queryForObject(
                        "select count(*) from job_run where trigger_name = ?", Integer.class, "broadcast-end-" + id))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                                "select scheduled_at from job_run where trigger_name = ?",
                                Timestamp.class,
                                "broadcast-end-" + id)
                        .toInstant())
                .isEqualTo(at.plusSeconds(1));
        assertThat(admin.get("/api/v1/audit?action=BROADCAST_ENDED").body()).contains(id);
    }

    @Test
    void changingABroadcastMovesItsEndTriggerAndDeletingItRemovesIt() throws Exception {
        TestWorld w = world();
        String id = create(w.operatorA(), relaying("PT30M", List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00")))
                .get("id")
                .asString();
        TriggerKey key = TriggerKey.triggerKey("broadcast-end-" + id, "broadcast-end");
        assertThat(scheduler.getTrigger(key).getStartTime().toInstant())
                .isEqualTo(Instant.parse("2027-04-04T23:30:00Z"));
        w.operatorA().patch("/api/v1/broadcasts/" + id, java.util.Map.of("slotLength", "PT45M"));
        assertThat(scheduler.getTrigger(key).getStartTime().toInstant())
                .isEqualTo(Instant.parse("2027-04-04T23:45:00Z"));
        w.operatorA().delete("/api/v1/broadcasts/" + id);
        assertThat(scheduler.checkExists(key)).isFalse();
    }

    @Test
    void aChangeWakesTheDevicesItReachesAndOnlyThose() {
        TestWorld w = world();
        String inA = device(w.operatorA(), w.villageAId(), "Loa A");
        String inB = device(w.operatorB(), w.villageBId(), "Loa B");
        long b = version(inB);
        create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(Scheduling.at(1, "07:00"))));
        assertThat(version(inA)).isEqualTo(2);
        assertThat(version(inB)).isEqualTo(b);
        // The wake-up job runs as soon as the change commits, and records the version as pushed.
        Await.until("the two devices of area A notified", Duration.ofSeconds(20), () -> notified(inA) == 2);
        assertThat(notified(inB)).isEqualTo(b);
    }

    @Test
    void aDeviceSilentForThreePollsIsMarkedOffline() {
        TestWorld w = world();
        String quiet = device(w.operatorA(), w.villageAId(), "Loa im lặng");
        String chatty = device(w.operatorA(), w.villageAId(), "Loa đang chạy");
        pretendHeartbeat(quiet, Instant.now().minusSeconds(181));
        pretendHeartbeat(chatty, Instant.now().minusSeconds(30));
        assertThat(status(w.operatorA(), quiet)).isEqualTo("OFFLINE");
        assertThat(status(w.operatorA(), chatty)).isEqualTo("ONLINE");

        transaction.executeWithoutResult(s -> devices.markOffline(Instant.now()));

        assertThat(jdbc.queryForObject(
                        "select offline_since from device where id = ?", Timestamp.class, UUID.fromString(quiet)))
                .isNotNull();
        assertThat(jdbc.queryForObject(
                        "select offline_since from device where id = ?", Timestamp.class, UUID.fromString(chatty)))
                .isNull();
        assertThat(admin.get("/api/v1/audit?action=DEVICE_OFFLINE").body())
                .contains(quiet)
                .doesNotContain(chatty);
    }

    @Test
    void playsNoDeviceReportedAreFoundAfterTheSlotEndsAndShownOnlyInTheirArea() {
        TestWorld w = world();
        String played = device(w.operatorA(), w.villageAId(), "Loa đã phát");
        String silent = device(w.operatorA(), w.villageAId(), "Loa không phát");
        String notInstalled = device(w.operatorA(), w.villageAId(), "Loa chưa lắp");
        Instant at = Instant.parse("2027-05-03T23:00:00Z");
        JsonNode broadcast = create(
                w.operatorA(),
                relaying(
                        "PT10M",
                        List.of(w.communeAId()),
                        once(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(7)).toString())));
        String id = broadcast.get("id").asString();
        pretendHeartbeat(played, Instant.now());
        pretendHeartbeat(silent, Instant.now());
        String item = id + "@" + at;
        jdbc.update(
                "insert into play_log (id, device_id, item_id, started_at, ended_at, outcome, received_at)"
                        + " values (?, ?, ?, ?, ?, 'PLAYED', ?)",
                UUID.randomUUID(),
                UUID.fromString(played),
                item,
                Timestamp.from(at),
                Timestamp.from(at.plus(Duration.ofMinutes(10))),
                Timestamp.from(Instant.now()));
        jdbc.update(
                "update job_watermark set until = ? where job_name = 'missed-plays'",
                Timestamp.from(at.minusSeconds(60)));
        jdbc.update(
                "insert into job_watermark (job_name, until) select 'missed-plays', ? where not exists"
                        + " (select 1 from job_watermark where job_name = 'missed-plays')",
                Timestamp.from(at.minusSeconds(60)));

        Instant afterGrace = at.plus(Duration.ofMinutes(25));
        String first = transaction.execute(s -> missedPlays.sweep(afterGrace, Duration.ofMinutes(10)));
        String again = transaction.execute(s -> missedPlays.sweep(afterGrace, Duration.ofMinutes(10)));
        assertThat(first).contains("1 missed");
        assertThat(again).startsWith("nothing ended");

        JsonNode missed = w.operatorA()
                .get("/api/v1/missed-plays?from=" + at + "&to=" + at.plus(Duration.ofHours(1)))
                .json();
        assertThat(missed.size()).isEqualTo(1);
        assertThat(missed.get(0).get("deviceId").asString()).isEqualTo(silent);
        assertThat(missed.get(0).get("itemId").asString()).isEqualTo(item);
        assertThat(missed.get(0).get("deviceName").asString()).isEqualTo("Loa không phát");
        assertThat(missed.get(0).get("areaId").asString()).isEqualTo(w.villageAId());
        assertThat(missed.get(0).get("title").asString())
                .isEqualTo(broadcast.get("title").asString());
        assertThat(w.operatorB()
                        .get("/api/v1/missed-plays?from=" + at + "&to=" + at.plus(Duration.ofHours(1)))
                        .json()
                        .size())
                .isZero();
        assertThat(notInstalled).isNotNull();

        // A log that arrives late clears it.
        jdbc.update(
                "insert into play_log (id, device_id, item_id, outcome, received_at) values (?, ?, ?, 'PLAYED', ?)",
                UUID.randomUUID(),
                UUID.fromString(silent),
                item,
                Timestamp.from(Instant.now()));
        assertThat(w.operatorA()
                        .get("/api/v1/missed-plays?from=" + at + "&to=" + at.plus(Duration.ofHours(1)))
                        .json()
                        .size())
                .isZero();
        jdbc.update(
                "update job_watermark set until = ? where job_name = 'missed-plays'",
                Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))));
    }

    @Test
    void theSweepArchivesApprovedBulletinsPastTheirValidityWhoseTriggerNeverFired() throws Exception {
        TestWorld w = world();
        Instant now = Instant.now();
        UUID overdue = bulletin(w.communeAId(), "APPROVED", now.minus(Duration.ofHours(1)));
        UUID stillValid = bulletin(w.communeAId(), "APPROVED", now.plus(Duration.ofDays(1)));
        UUID draft = bulletin(w.communeAId(), "DRAFT", now.minus(Duration.ofHours(1)));

        scheduler.triggerJob(JobKey.jobKey("expiry-sweep", "openloa"));

        Await.until(
                "the overdue bulletin archived",
                Duration.ofSeconds(30),
                () -> "ARCHIVED".equals(bulletinStatus(overdue)));
        assertThat(bulletinStatus(stillValid)).isEqualTo("APPROVED");
        assertThat(bulletinStatus(draft)).isEqualTo("DRAFT");
    }

    /** A bulletin as an approval long ago left it, with no expiry trigger: one the sweep must catch. */
    UUID bulletin(String areaId, String status, Instant validUntil) {
        UUID id = UUID.randomUUID();
        String path = jdbc.queryForObject("select path from area where id = ?", String.class, UUID.fromString(areaId));
        Timestamp created = Timestamp.from(validUntil.minus(Duration.ofDays(2)));
        jdbc.update(
                "insert into bulletin (id, lineage_id, revision, area_id, area_path, title, category, body, priority,"
                        + " valid_until, status, author_id, author_username, search_text, created_at, updated_at, version)"
                        + " values (?, ?, 1, ?, ?, 'Tin cũ', 'thong-bao-ubnd', 'Nội dung.', 'NORMAL', ?, ?, ?, 'admin',"
                        + " 'tin cu', ?, ?, 0)",
                id,
                id,
                UUID.fromString(areaId),
                path,
                Timestamp.from(validUntil),
                status,
                UUID.randomUUID(),
                created,
                created);
        return id;
    }

    String bulletinStatus(UUID id) {
        return jdbc.queryForObject("select status from bulletin where id = ?", String.class, id);
    }

    @Test
    void theRepeatingJobsAreRegisteredOnceWithTheirIntervals() throws Exception {
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("device-offline", "openloa")))
                .isNotNull();
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("missed-plays", "openloa")))
                .isNotNull();
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("plan-notify", "openloa")))
                .isNotNull();
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("expiry-sweep", "openloa")))
                .isNotNull();
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
    }

    long version(String device) {
        return jdbc.queryForObject(
                "select version from device_plan where device_id = ?", Long.class, UUID.fromString(device));
    }

    long notified(String device) {
        return jdbc.queryForObject(
                "select notified_version from device_plan where device_id = ?", Long.class, UUID.fromString(device));
    }

    /** What a heartbeat writes, without sending one: the device was heard from at {@code at}. */
    void pretendHeartbeat(String device, Instant at) {
        jdbc.update(
                "update device set last_seen_at = ?, offline_since = null where id = ?",
                Timestamp.from(at),
                UUID.fromString(device));
    }

    static String status(Api caller, String device) {
        return caller.get("/api/v1/devices/" + device)
                .json()
                .get("status")
                .get("connection")
                .asString();
    }
}
