package org.openloa.cms.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Daily rollups and the retention (docs/reports.md, "Retention and rollups"): a period's summary is the same read
 * from raw rows, from rollups made by the real job, and from a mix of both; raw rows past the retention go only
 * once their days are folded, and the report of those days does not change when they go.
 */
class ReportRollupsTest extends ServerTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DailyRollups rollups;

    @Autowired
    Scheduler scheduler;

    @Autowired
    HeartbeatSlots heartbeatSlots;

    @Test
    void aPeriodReadsTheSameFromRawRowsFromRollupsAndFromAMixOfBoth() throws Exception {
        TestWorld w = world();
        LocalDate today = LocalDate.now(VIETNAM);
        LocalDate first = today.minusDays(6);
        LocalDate last = today.minusDays(3);
        String bulletin = Scheduling.approvedBulletin(admin, w.communeAId(), "Bản tin gộp " + w.suffix(), 3, "NORMAL");
        UUID audio = jdbc.queryForObject(
                "select audio_asset_id from bulletin where id = ?", UUID.class, UUID.fromString(bulletin));
        String category = jdbc.queryForObject(
                "select category from bulletin where id = ?", String.class, UUID.fromString(bulletin));

        UUID a = installed(
                w.operatorA(), w.villageAId(), "Loa thôn A", first.minusDays(4).atTime(8, 0));
        UUID b = installed(
                w.operatorB(), w.villageBId(), "Loa thôn B", first.minusDays(4).atTime(8, 0));
        // enrolled in the middle of a slot on the period's second day: its possible slots start there
        UUID c = installed(
                w.operatorA(), w.communeAId(), "Loa xã A", first.plusDays(1).atTime(12, 2));
        // never installed, yet with rows of its own: the summary reads its devices' rows by device, the fold reads
        // every device's by time range (RawFigures.byTime) and must leave these out just the same
        UUID notInstalled = UUID.fromString(Scheduling.device(w.operatorA(), w.villageAId(), "Loa chưa lắp"));
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            day(notInstalled, d, audio, LocalTime.of(5, 0));
            day(a, d, audio, LocalTime.of(6, 0));
            day(b, d, audio, LocalTime.of(7, 0));
            if (d.isAfter(first.plusDays(1))) {
                day(c, d, audio, LocalTime.of(13, 0));
            } else if (d.equals(first.plusDays(1))) {
                slots(c, d.atTime(12, 0), d.atTime(20, 0));
            }
        }
        // a missed play counts by its area path, installed or not: only the other rows are the point here
        jdbc.update("delete from missed_play where device_id = ?", notInstalled);
        forget(first, last);

        String path = "/api/v1/reports/summary?areaId=" + w.provinceId() + "&from=" + first + "&to=" + last;
        JsonNode raw = figures(w.provinceAdmin(), path);
        JsonNode total = raw.get("total");
        // 10 device-days of: 600 s played, 300 s played without an end, 300 s failed (missed), 600 s of which
        // 300 s aired across midnight
        assertThat(total.get("plannedSeconds").asLong()).isEqualTo(10 * 1800);
        assertThat(total.get("airedSeconds").asLong()).isEqualTo(10 * 1200);
        assertThat(total.get("missedPlays").asLong()).isEqualTo(10);
        assertThat(total.get("airedMinutesByCategory").get(category).asDouble()).isEqualTo(10 * 10.0);
        assertThat(total.get("airedMinutesByCategory").get("-").asDouble()).isEqualTo(10 * 10.0);
        assertThat(total.get("onlineRate").isNull()).isFalse();
        // streams and incidents, folded like the rest: the item at 23:55 is a stream (no media) of 5 minutes on
        // air; one failed play a device-day; an outage each morning (silent since 20:00), but none the morning the
        // third device was enrolled (it was not installed during that silence)
        assertThat(total.get("relayMinutes").asDouble()).isEqualTo(10 * 5.0);
        assertThat(total.get("incidents").get("failedPlays").asLong()).isEqualTo(10);
        assertThat(total.get("incidents").get("outages").asLong()).isEqualTo(4 + 4 + 2);
        assertThat(raw.get("children").size()).isEqualTo(2);

        // the real job folds the closed days (the clustered Quartz job, as on a server)
        Instant asked = Instant.now();
        scheduler.triggerJob(MonthlyReportSchedule.ROLLUPS);
        Await.until(
                "the rollup job folds the four days",
                Duration.ofMinutes(2),
                () -> foldedSince(first, last, asked) >= 4);
        assertThat(rollups.folded(VIETNAM, first, last)).hasSize(4);
        assertThat(jdbc.queryForObject(
                        "select count(*) from report_day where zone_id = ? and local_day = ? and area_path like ?",
                        Long.class,
                        VIETNAM.getId(),
                        java.sql.Date.valueOf(first),
                        areaPath(w.provinceId()) + "%"))
                .isEqualTo(2L);
        JsonNode folded = figures(w.provinceAdmin(), path);
        assertThat(folded).isEqualTo(raw);

        // half folded, half raw: the same again
        forget(last.minusDays(1), last);
        assertThat(figures(w.provinceAdmin(), path)).isEqualTo(raw);

        // a commune's operator reads their commune the same way, and its figures are the child's in the province
        JsonNode commune = figures(
                w.operatorA(), "/api/v1/reports/summary?areaId=" + w.communeAId() + "&from=" + first + "&to=" + last);
        assertThat(commune.get("total"))
                .isEqualTo(
                        raw.get("children")
                                        .get(0)
                                        .get("area")
                                        .get("id")
                                        .asString()
                                        .equals(w.communeAId())
                                ? raw.get("children").get(0).get("figures")
                                : raw.get("children").get(1).get("figures"));
    }

    @Test
    void rawRowsPastTheRetentionGoOnlyOnceTheirDaysAreFoldedAndTheReportStaysTheSame() {
        TestWorld w = world();
        LocalDate old = LocalDate.now(VIETNAM).minusMonths(13).minusDays(3);
        LocalDate young = LocalDate.now(VIETNAM).minusDays(2);
        UUID d = installed(
                w.operatorA(), w.villageAId(), "Loa cũ", old.minusDays(5).atTime(8, 0));
        day(d, old, null, LocalTime.of(6, 0));
        day(d, young, null, LocalTime.of(6, 0));
        forget(old.minusDays(1), old.plusDays(1));
        String path = "/api/v1/reports/summary?areaId=" + w.communeAId() + "&from=" + old + "&to=" + old;
        JsonNode raw = figures(w.operatorA(), path);
        assertThat(raw.get("total").get("plannedSeconds").asLong()).isEqualTo(1800);
        long logs = playLogs(d);
        long slots = slots(d);
        assertThat(logs).isEqualTo(8);
        assertThat(missedPlays(d)).isEqualTo(2);
        assertThat(raw.get("total").get("incidents").get("total").asLong()).isEqualTo(2); // an outage, a failed play

        // not folded: nothing goes, however old
        rollups.deleteExpired();
        assertThat(playLogs(d)).isEqualTo(logs);
        assertThat(slots(d)).isEqualTo(slots);
        assertThat(missedPlays(d)).isEqualTo(2);

        // the day folded, but not the next (whose items may own a log of this day): slots and missed plays go,
        // logs stay
        rollups.fold(old.minusDays(1));
        rollups.fold(old);
        rollups.deleteExpired();
        assertThat(slots(d)).isEqualTo(slots(d, young));
        assertThat(missedPlays(d)).isEqualTo(1);
        assertThat(playLogs(d)).isEqualTo(logs);

        // its neighbours folded too: its logs go; the young day's rows stay (within the retention)
        rollups.fold(old.plusDays(1));
        rollups.deleteExpired();
        assertThat(playLogs(d)).isEqualTo(4);
        assertThat(slots(d)).isEqualTo(slots(d, young)).isPositive();
        assertThat(missedPlays(d)).isEqualTo(1);
        // every figure, streams and incidents too, is the same read from the rollups once the raw rows are gone
        assertThat(figures(w.operatorA(), path)).isEqualTo(raw);
    }

    @Test
    void aDayFoldedBeforeStreamsAndIncidentsWereFoldedIsFoldedAgainWhileItsRawRowsAreKept() {
        TestWorld w = world();
        LocalDate day = LocalDate.now(VIETNAM).minusDays(20);
        UUID d = installed(
                w.operatorA(), w.villageAId(), "Loa gộp lại", day.minusDays(5).atTime(8, 0));
        day(d, day, null, LocalTime.of(6, 0));
        String path = "/api/v1/reports/summary?areaId=" + w.communeAId() + "&from=" + day + "&to=" + day;
        forget(day, day);
        JsonNode raw = figures(w.operatorA(), path);
        rollups.fold(day);
        // as a fold before migration V138 left it: no streams nor incidents
        jdbc.update(
                "update report_day set relay_seconds = 0, outages = 0, failed_plays = 0 where local_day = ?",
                java.sql.Date.valueOf(day));
        jdbc.update("update report_fold set content_version = 1 where local_day = ?", java.sql.Date.valueOf(day));
        assertThat(figures(w.operatorA(), path)
                        .get("total")
                        .get("incidents")
                        .get("total")
                        .asLong())
                .isZero();

        rollups.foldDue();
        assertThat(jdbc.queryForObject(
                        "select min(content_version) from report_fold where local_day = ?",
                        Integer.class,
                        java.sql.Date.valueOf(day)))
                .isEqualTo(DailyRollups.CONTENT);
        assertThat(figures(w.operatorA(), path)).isEqualTo(raw);
    }

    @Test
    void aDayReadsTheSameWithAnIntradayFoldOfItsSlotsAndASlotWrittenLateDropsTheFold() {
        TestWorld w = world();
        LocalDate day = LocalDate.now(VIETNAM).minusDays(1);
        UUID d = installed(
                w.operatorA(),
                w.villageAId(),
                "Loa trong ngày",
                day.minusDays(5).atTime(8, 0));
        day(d, day.minusDays(1), null, LocalTime.of(6, 0));
        day(d, day, null, LocalTime.of(6, 0));
        // never installed, heard all the same: the fold reads every device's slots by time and leaves its out
        UUID notInstalled = UUID.fromString(Scheduling.device(w.operatorA(), w.villageAId(), "Loa chưa lắp"));
        slots(notInstalled, day.minusDays(1).atTime(0, 0), day.atTime(23, 0));
        // silent from 11:00 to 12:30: an outage that the fold below (up to noon) cuts in two
        jdbc.update(
                "delete from report_heartbeat_slot where device_id = ? and slot_start >= ? and slot_start < ?",
                d,
                Timestamp.from(day.atTime(11, 0).atZone(VIETNAM).toInstant()),
                Timestamp.from(day.atTime(12, 30).atZone(VIETNAM).toInstant()));
        forget(day.minusDays(1), day);
        String path = "/api/v1/reports/summary?areaId=" + w.communeAId() + "&from=" + day + "&to=" + day;
        JsonNode raw = figures(w.operatorA(), path);
        // silent since 20:00 the day before, and from 11:00 to 12:30
        assertThat(raw.get("total").get("incidents").get("outages").asLong()).isEqualTo(2);

        // the slots up to noon folded (the hourly job folds today's the same way), the rest read raw: the same
        Instant noon = day.atTime(12, 0).atZone(VIETNAM).toInstant();
        rollups.foldPart(VIETNAM, noon);
        assertThat(rollups.partOf(VIETNAM, day, areaPath(w.communeAId())).byPath())
                .isNotEmpty();
        assertThat(figures(w.operatorA(), path)).isEqualTo(raw);

        // a slot written late, into the folded hours, drops the fold: the day reads raw again, with that slot
        heartbeatSlots.record(d, day.atTime(11, 0).atZone(VIETNAM).toInstant());
        assertThat(rollups.partOf(VIETNAM, day, areaPath(w.communeAId()))).isNull();
        JsonNode later = figures(w.operatorA(), path);
        assertThat(later).isNotEqualTo(raw);
        rollups.foldPart(VIETNAM, noon);
        assertThat(figures(w.operatorA(), path)).isEqualTo(later);
    }

    /** A device made through the API and marked enrolled at a local time. */
    private UUID installed(Api operator, String areaId, String name, java.time.LocalDateTime enrolled) {
        UUID id = UUID.fromString(Scheduling.device(operator, areaId, name));
        jdbc.update(
                "update device set enrolled_at = ? where id = ?",
                Timestamp.from(enrolled.atZone(VIETNAM).toInstant()),
                id);
        return id;
    }

    /**
     * One device's day from {@code start}: four items sent to it — 10 minutes played to the end (the bulletin's
     * audio), 5 played without an end reported, 5 failed (a missed play), and 10 at 23:55 interrupted after 5
     * minutes, past midnight — and heartbeats every 5 minutes from {@code start} to 20:00.
     */
    private void day(UUID device, LocalDate day, UUID audio, LocalTime start) {
        Instant t = day.atTime(start).atZone(VIETNAM).toInstant();
        Instant late = day.atTime(23, 55).atZone(VIETNAM).toInstant();
        String p = device + "-" + day;
        item(device, p + "-a", t, 600);
        log(device, p + "-a", audio, t, t.plusSeconds(600), "PLAYED");
        item(device, p + "-b", t.plusSeconds(3600), 300);
        log(device, p + "-b", null, t.plusSeconds(3600), null, "PLAYED");
        item(device, p + "-c", t.plusSeconds(7200), 300);
        log(device, p + "-c", audio, t.plusSeconds(7200), t.plusSeconds(7201), "FAILED");
        jdbc.update(
                "insert into missed_play (device_id, item_id, broadcast_id, area_path, priority, planned_start,"
                        + " planned_end, detected_at) values (?, ?, ?, (select area_path from device where id = ?),"
                        + " 'NORMAL', ?, ?, ?)",
                device,
                p + "-c",
                UUID.randomUUID(),
                device,
                Timestamp.from(t.plusSeconds(7200)),
                Timestamp.from(t.plusSeconds(7500)),
                Timestamp.from(t.plusSeconds(8000)));
        item(device, p + "-d", late, 600);
        log(device, p + "-d", null, late.plusSeconds(60), late.plusSeconds(360), "INTERRUPTED");
        slots(device, day.atTime(start), day.atTime(20, 0));
    }

    private void slots(UUID device, java.time.LocalDateTime from, java.time.LocalDateTime to) {
        List<Object[]> rows = new ArrayList<>();
        for (Instant s = from.atZone(VIETNAM).toInstant();
                s.isBefore(to.atZone(VIETNAM).toInstant()); ) {
            rows.add(new Object[] {device, Timestamp.from(s)});
            s = s.plus(Duration.ofMinutes(5));
        }
        jdbc.batchUpdate("insert into report_heartbeat_slot (device_id, slot_start) values (?, ?)", rows);
    }

    private void item(UUID device, String item, Instant start, long seconds) {
        jdbc.update(
                "insert into device_plan_item (device_id, item_id, planned_start, planned_end, first_listed)"
                        + " values (?, ?, ?, ?, ?)",
                device,
                item,
                Timestamp.from(start),
                Timestamp.from(start.plusSeconds(seconds)),
                Timestamp.from(start.minusSeconds(3600)));
    }

    private void log(UUID device, String item, UUID media, Instant start, Instant end, String outcome) {
        jdbc.update(
                "insert into play_log (id, device_id, item_id, media_id, started_at, ended_at, outcome, received_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                device,
                item,
                media == null ? null : media.toString(),
                Timestamp.from(start),
                end == null ? null : Timestamp.from(end),
                outcome,
                Timestamp.from(start.plusSeconds(900)));
    }

    /** Drops the rollups (and intraday folds) of these days, so that they read from raw rows again. */
    private void forget(LocalDate first, LocalDate last) {
        for (String table :
                List.of("report_day", "report_day_category", "report_fold", "report_slot_part", "report_slot_fold")) {
            jdbc.update(
                    "delete from " + table + " where zone_id = ? and local_day >= ? and local_day <= ?",
                    VIETNAM.getId(),
                    java.sql.Date.valueOf(first),
                    java.sql.Date.valueOf(last));
        }
    }

    private long foldedSince(LocalDate first, LocalDate last, Instant since) {
        return jdbc.queryForObject(
                "select count(*) from report_fold where zone_id = ? and local_day >= ? and local_day <= ? and folded_at >= ?",
                Long.class,
                VIETNAM.getId(),
                java.sql.Date.valueOf(first),
                java.sql.Date.valueOf(last),
                Timestamp.from(since.minusSeconds(1)));
    }

    private String areaPath(String areaId) {
        return jdbc.queryForObject("select path from area where id = ?", String.class, UUID.fromString(areaId));
    }

    private long playLogs(UUID device) {
        return jdbc.queryForObject("select count(*) from play_log where device_id = ?", Long.class, device);
    }

    private long missedPlays(UUID device) {
        return jdbc.queryForObject("select count(*) from missed_play where device_id = ?", Long.class, device);
    }

    private long slots(UUID device) {
        return jdbc.queryForObject(
                "select count(*) from report_heartbeat_slot where device_id = ?", Long.class, device);
    }

    private long slots(UUID device, LocalDate day) {
        return jdbc.queryForObject(
                "select count(*) from report_heartbeat_slot where device_id = ? and slot_start >= ? and slot_start < ?",
                Long.class,
                device,
                Timestamp.from(day.atStartOfDay(VIETNAM).toInstant()),
                Timestamp.from(day.plusDays(1).atStartOfDay(VIETNAM).toInstant()));
    }

    /** The summary's JSON without the instant it was read at (the one field that differs between two reads). */
    private static JsonNode figures(Api caller, String path) {
        Api.Response response = caller.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        ObjectNode json = (ObjectNode) response.json();
        json.remove("madeAt");
        return json;
    }
}
