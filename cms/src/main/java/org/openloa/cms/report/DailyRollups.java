package org.openloa.cms.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.plan.MissedPlayCounts;
import org.openloa.cms.playlog.PlayLogRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily rollups (tables report_day, report_day_category, report_fold; docs/reports.md, "Retention and rollups").
 * A day of a zone is <em>folded</em> when the figures {@link RawFigures} reads from raw rows for that one day are
 * written per area path, in one transaction that first deletes the day's rows: folding a day again replaces it,
 * so a repeated, doubled or recovered run changes nothing. A summary reads folded days from here and the others
 * from raw rows. Once folded (and past the retention), a day's raw rows may go.
 */
@Component
class DailyRollups {

    private static final Logger log = LoggerFactory.getLogger(DailyRollups.class);

    /**
     * What a day folded now holds (report_fold.content_version): 2 = with streams and incidents. A day folded with
     * less is folded again while its raw rows are kept.
     */
    static final int CONTENT = 2;

    /** The columns of report_day that {@link #addSums} adds up, in its order. */
    private static final List<String> SUMMED = List.of(
            "planned_seconds",
            "aired_seconds",
            "missed_plays",
            "heard_slots",
            "possible_slots",
            "live_seconds",
            "relay_seconds",
            "outages",
            "failed_plays",
            "relay_losses",
            "missed_emergencies");

    private final RawFigures raw;
    private final AreaService areas;
    private final DeviceService devices;
    private final PlayLogRetention playLogs;
    private final MissedPlayCounts missedPlays;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RetentionSettings settings;
    private final Clock clock;
    /** Whether the database is H2; null until asked ({@link #h2}). */
    private volatile Boolean h2;

    DailyRollups(
            RawFigures raw,
            AreaService areas,
            DeviceService devices,
            PlayLogRetention playLogs,
            MissedPlayCounts missedPlays,
            NamedParameterJdbcTemplate jdbc,
            TransactionTemplate transaction,
            RetentionSettings settings,
            Clock clock) {
        this.raw = raw;
        this.areas = areas;
        this.devices = devices;
        this.playLogs = playLogs;
        this.missedPlays = missedPlays;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** The rollups of a zone's folded days in a period, under an area path. */
    record Rolled(Map<String, RawFigures.Bucket> byPath, Map<LocalDate, RawFigures.DayTotals> byDay) {}

    /** The days of [first, last] folded in this zone. */
    Set<LocalDate> folded(ZoneId zone, LocalDate first, LocalDate last) {
        Set<LocalDate> days = new HashSet<>();
        jdbc.query(
                "select local_day from report_fold where zone_id = :zone and local_day >= :first and local_day <= :last",
                period(zone, first, last),
                rs -> {
                    days.add(rs.getDate(1).toLocalDate());
                });
        return days;
    }

    /**
     * The rollups of the folded days in [first, last] under {@code scopePath}, read through the covering scope indexes
     * (V146) without touching the tables. report_day is read once: on H2 its rows as they are (one per area path and
     * day), summed here both ways, since H2 sums in SQL slowly (it has no grouping sets, and each grouped scan of a
     * province's year cost more than reading the rows once); on PostgreSQL grouped twice in SQL (per path; per day),
     * since streaming a year of a province's rows (110,000 of 13 columns) to be summed here took 2.0-4.2 s there under
     * load against 0.13-0.20 s for a plain sum() (docs/benchmarks.md, session 21). report_day_category is one grouped
     * scan on both (its groups are few: path and category).
     */
    Rolled read(ZoneId zone, LocalDate first, LocalDate last, String scopePath) {
        MapSqlParameterSource p = period(zone, first, last).addValue("scope", scopePath + "%");
        Map<String, RawFigures.Bucket> byPath = new HashMap<>();
        Map<LocalDate, RawFigures.DayTotals> byDay = new TreeMap<>();
        String where = " from report_day where zone_id = :zone and area_path like :scope and local_day >= :first"
                + " and local_day <= :last";
        if (h2()) {
            jdbc.query("select area_path, local_day, " + String.join(", ", SUMMED) + where, p, rs -> {
                addSums(bucket(byPath, rs.getString(1)), rs, 3);
                addDay(byDay, rs, 2, 3, 4, 6, 7);
            });
        } else {
            String sums =
                    String.join(", ", SUMMED.stream().map(c -> "sum(" + c + ")").toList());
            jdbc.query("select area_path, " + sums + where + " group by area_path", p, rs -> {
                addSums(bucket(byPath, rs.getString(1)), rs, 2);
            });
            jdbc.query(
                    "select local_day, sum(planned_seconds), sum(aired_seconds), sum(heard_slots), sum(possible_slots)"
                            + where + " group by local_day",
                    p,
                    rs -> {
                        addDay(byDay, rs, 1, 2, 3, 4, 5);
                    });
        }
        jdbc.query(
                "select area_path, category, sum(aired_seconds) from report_day_category where zone_id = :zone"
                        + " and area_path like :scope and local_day >= :first and local_day <= :last"
                        + " group by area_path, category",
                p,
                rs -> {
                    bucket(byPath, rs.getString(1)).airedByCategory.merge(rs.getString(2), rs.getLong(3), Long::sum);
                });
        return new Rolled(byPath, byDay);
    }

    /** Adds the {@link #SUMMED} columns, from column {@code at} on, to a path's bucket. */
    private static void addSums(RawFigures.Bucket b, java.sql.ResultSet rs, int at) throws java.sql.SQLException {
        b.plannedSeconds += rs.getLong(at);
        b.airedSeconds += rs.getLong(at + 1);
        b.missedPlays += rs.getLong(at + 2);
        b.heardSlots += rs.getLong(at + 3);
        b.possibleSlots += rs.getLong(at + 4);
        b.liveSeconds += rs.getLong(at + 5);
        b.relaySeconds += rs.getLong(at + 6);
        b.outages += rs.getLong(at + 7);
        b.failedPlays += rs.getLong(at + 8);
        b.relayLosses += rs.getLong(at + 9);
        b.missedEmergencies += rs.getLong(at + 10);
    }

    /**
     * Adds the planned, aired, heard and possible columns of a row to its day's totals, the day in column {@code day}
     * read as a LocalDate (through java.sql.Date, 109,200 rows took 0.25 s more on H2).
     */
    private static void addDay(
            Map<LocalDate, RawFigures.DayTotals> byDay,
            java.sql.ResultSet rs,
            int day,
            int planned,
            int aired,
            int heard,
            int possible)
            throws java.sql.SQLException {
        RawFigures.DayTotals d =
                byDay.computeIfAbsent(rs.getObject(day, LocalDate.class), x -> new RawFigures.DayTotals());
        d.plannedSeconds += rs.getLong(planned);
        d.airedSeconds += rs.getLong(aired);
        d.heardSlots += rs.getLong(heard);
        d.possibleSlots += rs.getLong(possible);
    }

    private static RawFigures.Bucket bucket(Map<String, RawFigures.Bucket> byPath, String path) {
        return byPath.computeIfAbsent(path, x -> new RawFigures.Bucket());
    }

    /** Whether the database is H2 (asked once: the data source does not change). */
    private boolean h2() {
        Boolean known = h2;
        if (known == null) {
            known = jdbc.getJdbcTemplate().execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>)
                    c -> c.getMetaData().getDatabaseProductName().startsWith("H2"));
            h2 = known;
        }
        return known;
    }

    /**
     * Folds one day of a zone: reads it from raw rows for every installed device and replaces its rollup rows,
     * in one transaction.
     */
    void fold(ZoneId zone, LocalDate day) {
        List<Device> installed = installed();
        Instant now = clock.instant();
        transaction.executeWithoutResult(tx -> {
            RawFigures.Figures figures = raw.read(installed, Caller.NATIONAL_SCOPE, zone, day, day, now);
            MapSqlParameterSource at = period(zone, day, day);
            jdbc.update("delete from report_day where zone_id = :zone and local_day = :first", at);
            jdbc.update("delete from report_day_category where zone_id = :zone and local_day = :first", at);
            jdbc.update("delete from report_fold where zone_id = :zone and local_day = :first", at);
            List<MapSqlParameterSource> rows = new ArrayList<>();
            List<MapSqlParameterSource> categories = new ArrayList<>();
            figures.byPath().forEach((path, b) -> {
                if (b.empty()) {
                    return;
                }
                rows.add(period(zone, day, day)
                        .addValue("path", path)
                        .addValue("planned", b.plannedSeconds)
                        .addValue("aired", b.airedSeconds)
                        .addValue("missed", b.missedPlays)
                        .addValue("heard", b.heardSlots)
                        .addValue("possible", b.possibleSlots)
                        .addValue("live", b.liveSeconds)
                        .addValue("relay", b.relaySeconds)
                        .addValue("outages", b.outages)
                        .addValue("failed", b.failedPlays)
                        .addValue("losses", b.relayLosses)
                        .addValue("emergencies", b.missedEmergencies));
                b.airedByCategory.forEach((category, seconds) -> categories.add(period(zone, day, day)
                        .addValue("path", path)
                        .addValue("category", category)
                        .addValue("seconds", seconds)));
            });
            jdbc.batchUpdate(
                    "insert into report_day (zone_id, local_day, area_path, planned_seconds, aired_seconds, missed_plays,"
                            + " heard_slots, possible_slots, live_seconds, relay_seconds, outages, failed_plays,"
                            + " relay_losses, missed_emergencies) values (:zone, :first, :path, :planned, :aired,"
                            + " :missed, :heard, :possible, :live, :relay, :outages, :failed, :losses, :emergencies)",
                    rows.toArray(MapSqlParameterSource[]::new));
            jdbc.batchUpdate(
                    "insert into report_day_category (zone_id, local_day, area_path, category, aired_seconds)"
                            + " values (:zone, :first, :path, :category, :seconds)",
                    categories.toArray(MapSqlParameterSource[]::new));
            jdbc.update(
                    "insert into report_fold (zone_id, local_day, folded_at, content_version) values (:zone, :first,"
                            + " :at, :content)",
                    at.addValue("at", Timestamp.from(now)).addValue("content", CONTENT));
        });
    }

    /** Folds one local day in every zone some area uses (the benchmark's generator, tests). */
    void fold(LocalDate day) {
        for (ZoneId zone : zones()) {
            fold(zone, day);
        }
    }

    /**
     * An intraday fold of a day of a zone (tables report_slot_part, report_slot_fold): the figures of heartbeat slots
     * (heard and possible slots, outages) of [the day's start, {@code until}), per area path under the scope read.
     */
    record Part(Instant until, Map<String, RawFigures.Bucket> byPath) {}

    /** The days of [first, last] of this zone that have an intraday fold. */
    Set<LocalDate> parted(ZoneId zone, LocalDate first, LocalDate last) {
        Set<LocalDate> days = new HashSet<>();
        jdbc.query(
                "select local_day from report_slot_fold where zone_id = :zone and local_day >= :first"
                        + " and local_day <= :last",
                period(zone, first, last),
                rs -> {
                    days.add(rs.getDate(1).toLocalDate());
                });
        return days;
    }

    /** The intraday fold of this day of the zone under {@code scopePath}; null when there is none. */
    Part partOf(ZoneId zone, LocalDate day, String scopePath) {
        MapSqlParameterSource p = period(zone, day, day).addValue("scope", scopePath + "%");
        List<Timestamp> until = jdbc.queryForList(
                "select folded_until from report_slot_fold where zone_id = :zone and local_day = :first",
                p,
                Timestamp.class);
        if (until.isEmpty()) {
            return null;
        }
        Map<String, RawFigures.Bucket> byPath = new HashMap<>();
        jdbc.query(
                "select area_path, heard_slots, possible_slots, outages from report_slot_part where zone_id = :zone"
                        + " and local_day = :first and area_path like :scope",
                p,
                rs -> {
                    RawFigures.Bucket b = bucket(byPath, rs.getString(1));
                    b.heardSlots += rs.getLong(2);
                    b.possibleSlots += rs.getLong(3);
                    b.outages += rs.getLong(4);
                });
        return new Part(until.get(0).toInstant(), byPath);
    }

    /**
     * Folds today's heartbeat slots in every zone some area uses, up to two slots ago (a slot is written when the
     * beat arrives, so the slots before that are final: {@link HeartbeatSlots} drops an intraday fold that a later
     * write reaches back into). A summary then reads today's slots from here and only the rest raw: reading a whole
     * day of raw slots (2.7 million for 10,000 loudspeakers) is what made a province's summary slow.
     */
    void foldToday() {
        Instant until =
                Instant.ofEpochMilli(HeartbeatSlots.slotOf(clock.instant())).minus(HeartbeatSlots.SLOT.multipliedBy(2));
        for (ZoneId zone : zones()) {
            foldPart(zone, until);
        }
    }

    /**
     * Folds the heartbeat slots of the day of {@code zone} that {@code until} ends, from its start to {@code until}
     * (a slot boundary), replacing that day's intraday fold, and drops the intraday folds of the days before
     * yesterday (folded whole by now).
     */
    void foldPart(ZoneId zone, Instant until) {
        LocalDate day = until.minusMillis(1).atZone(zone).toLocalDate();
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        List<Device> installed = installed();
        transaction.executeWithoutResult(tx -> {
            // every device: read by time (RawFigures.byTime)
            Map<String, RawFigures.Bucket> byPath = raw.slots(installed, dayStart, until, false, true);
            MapSqlParameterSource at = period(zone, day, day).addValue("before", Date.valueOf(day.minusDays(1)));
            for (String table : List.of("report_slot_part", "report_slot_fold")) {
                jdbc.update(
                        "delete from " + table
                                + " where zone_id = :zone and (local_day = :first or local_day < :before)",
                        at);
            }
            List<MapSqlParameterSource> rows = new ArrayList<>();
            byPath.forEach((path, b) -> rows.add(period(zone, day, day)
                    .addValue("path", path)
                    .addValue("heard", b.heardSlots)
                    .addValue("possible", b.possibleSlots)
                    .addValue("outages", b.outages)));
            jdbc.batchUpdate(
                    "insert into report_slot_part (zone_id, local_day, area_path, heard_slots, possible_slots, outages)"
                            + " values (:zone, :first, :path, :heard, :possible, :outages)",
                    rows.toArray(MapSqlParameterSource[]::new));
            jdbc.update(
                    "insert into report_slot_fold (zone_id, local_day, folded_until, folded_at) values (:zone, :first,"
                            + " :until, :at)",
                    at.addValue("until", Timestamp.from(until)).addValue("at", Timestamp.from(clock.instant())));
        });
    }

    /**
     * Folds what is due in every zone some area uses: each closed day (ended {@code fold-delay} ago) not folded
     * yet, oldest first, back to the oldest raw row or the retention, whichever is later; and each of the last
     * {@code refold-days} days folded more than a day ago (late play logs). Says how many days it folded.
     */
    int foldDue() {
        Instant now = clock.instant();
        Instant oldestRaw = oldestRaw();
        int count = 0;
        for (ZoneId zone : zones()) {
            LocalDate lastClosed = lastClosed(zone, now);
            LocalDate floor = now.atZone(zone).toLocalDate().minus(settings.raw());
            LocalDate start =
                    oldestRaw == null ? lastClosed : oldestRaw.atZone(zone).toLocalDate();
            if (start.isBefore(floor)) {
                start = floor;
            }
            if (start.isAfter(lastClosed)) {
                continue;
            }
            Map<LocalDate, Instant> foldedAt = foldedAt(zone, start, lastClosed);
            LocalDate refoldFrom = lastClosed.minusDays(settings.refoldDays() - 1L);
            for (LocalDate d = start; !d.isAfter(lastClosed); d = d.plusDays(1)) {
                Instant at = foldedAt.get(d);
                boolean stale = at != null && !d.isBefore(refoldFrom) && at.isBefore(now.minus(Duration.ofDays(1)));
                if (at == null || stale) {
                    fold(zone, d);
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Deletes raw play logs, heartbeat slots and missed plays older than the retention, an hour at a time, and only
     * where the days that read them are folded in every zone: heartbeat slots and missed plays (by the end of their
     * window) of a folded day; play logs of a day whose
     * neighbours are folded too (a log may belong to an item of the day before or after). A day that was never
     * folded keeps its raw rows. Says how many rows went.
     */
    long deleteExpired() {
        if (!settings.deleteRaw()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant oldest = oldestRaw();
        if (oldest == null) {
            return 0;
        }
        Set<ZoneId> zones = zones();
        Map<ZoneId, Set<LocalDate>> folded = new HashMap<>();
        for (ZoneId zone : zones) {
            LocalDate cutoff = now.atZone(zone).toLocalDate().minus(settings.raw());
            LocalDate first = oldest.atZone(zone).toLocalDate().minusDays(1);
            // only days before the retention's cutoff count as folded here: younger raw rows stay
            folded.put(zone, first.isBefore(cutoff) ? folded(zone, first, cutoff.minusDays(1)) : Set.of());
        }
        if (zones.isEmpty()) {
            return 0;
        }
        ZoneId any = zones.iterator().next();
        long deleted = 0;
        for (LocalDate day : new TreeSet<>(folded.get(any))) {
            Instant from = day.atStartOfDay(any).toInstant();
            Instant to = day.plusDays(1).atStartOfDay(any).toInstant();
            for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofHours(1))) {
                Instant next = t.plus(Duration.ofHours(1));
                if (!foldedEverywhere(folded, t, next, Duration.ZERO)) {
                    continue;
                }
                deleted += jdbc.update(
                        "delete from report_heartbeat_slot where slot_start >= :from and slot_start < :to",
                        new MapSqlParameterSource("from", Timestamp.from(t)).addValue("to", Timestamp.from(next)));
                // a missed play counts on the day its window ends, folded here
                deleted += missedPlays.deleteEndedBetween(t, next);
                if (foldedEverywhere(folded, t, next, Duration.ofDays(1))) {
                    deleted += playLogs.deleteStartedBetween(t, next);
                }
            }
        }
        if (deleted > 0) {
            log.info("Retention: {} raw rows of folded days past the retention deleted", deleted);
        }
        return deleted;
    }

    /** Whether every local day touching [from - margin, to + margin) is folded (and past the cutoff) in every zone. */
    private static boolean foldedEverywhere(
            Map<ZoneId, Set<LocalDate>> folded, Instant from, Instant to, Duration margin) {
        for (Map.Entry<ZoneId, Set<LocalDate>> e : folded.entrySet()) {
            LocalDate a = from.minus(margin).atZone(e.getKey()).toLocalDate();
            LocalDate b = to.plus(margin).minusMillis(1).atZone(e.getKey()).toLocalDate();
            for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
                if (!e.getValue().contains(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The last day of a zone that has ended at least fold-delay ago. */
    LocalDate lastClosed(ZoneId zone, Instant now) {
        return now.minus(settings.foldDelay()).atZone(zone).toLocalDate().minusDays(1);
    }

    private Map<LocalDate, Instant> foldedAt(ZoneId zone, LocalDate first, LocalDate last) {
        Map<LocalDate, Instant> at = new HashMap<>();
        jdbc.query(
                "select local_day, folded_at, content_version from report_fold where zone_id = :zone"
                        + " and local_day >= :first and local_day <= :last",
                period(zone, first, last),
                rs -> {
                    // a day folded with less than today's content is due as if it were not folded
                    if (rs.getInt(3) >= CONTENT) {
                        at.put(rs.getDate(1).toLocalDate(), rs.getTimestamp(2).toInstant());
                    }
                });
        return at;
    }

    /** The oldest raw row this module can fold or delete: a heartbeat slot, a play log or a missed play. */
    private Instant oldestRaw() {
        Timestamp slot = jdbc.getJdbcTemplate()
                .queryForObject("select min(slot_start) from report_heartbeat_slot", Timestamp.class);
        Instant oldest = slot == null ? null : slot.toInstant();
        for (Instant other : java.util.Arrays.asList(playLogs.oldest(), missedPlays.oldestEnd())) {
            if (oldest == null || (other != null && other.isBefore(oldest))) {
                oldest = other;
            }
        }
        return oldest;
    }

    private Set<ZoneId> zones() {
        Set<ZoneId> zones = new TreeSet<>((a, b) -> a.getId().compareTo(b.getId()));
        for (Area a : areas.subtree(Caller.NATIONAL_SCOPE)) {
            zones.add(a.zone());
        }
        return zones;
    }

    private List<Device> installed() {
        return devices.list(Caller.system(), DeviceQuery.all()).stream()
                .filter(d -> d.enrolledAt() != null)
                .toList();
    }

    private static MapSqlParameterSource period(ZoneId zone, LocalDate first, LocalDate last) {
        return new MapSqlParameterSource("zone", zone.getId())
                .addValue("first", Date.valueOf(first))
                .addValue("last", Date.valueOf(last));
    }
}
