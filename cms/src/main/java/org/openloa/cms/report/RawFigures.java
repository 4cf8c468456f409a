package org.openloa.cms.report;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.bulletin.BulletinCounts;
import org.openloa.cms.device.Device;
import org.openloa.cms.edge.planned.PlannedTime;
import org.openloa.cms.plan.MissedPlayCounts;
import org.openloa.cms.playlog.AiredTime;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The figures that come from raw rows (plan items sent, play logs, missed plays, heartbeat slots) over whole days
 * of a zone, per area path. The one place they are computed: a summary uses it for the days not folded yet, and
 * the fold job uses it, a day at a time, to write the daily rollups that a summary reads for the other days. So
 * a period's figures are the same whichever way they are read (ReportRollupsTest compares them field by field).
 */
@Component
class RawFigures {

    private final PlannedTime planned;
    private final AiredTime aired;
    private final MissedPlayCounts missed;
    private final BulletinCounts bulletins;
    private final StreamsAndIncidents streams;
    private final NamedParameterJdbcTemplate jdbc;

    RawFigures(
            PlannedTime planned,
            AiredTime aired,
            MissedPlayCounts missed,
            BulletinCounts bulletins,
            StreamsAndIncidents streams,
            NamedParameterJdbcTemplate jdbc) {
        this.planned = planned;
        this.aired = aired;
        this.missed = missed;
        this.bulletins = bulletins;
        this.streams = streams;
        this.jdbc = jdbc;
    }

    /** More installed devices than this are read by time range rather than by device ({@link #byTime}). */
    static final int MANY = 1000;

    /**
     * Whether the raw rows of these installed devices are read by time range (every device's rows of the period, one
     * range of a time index, kept for these devices here) rather than by device (500 a query): for many devices (a
     * province) and for every device (the fold: its scope is everything). A long IN list is checked row by row on
     * H2, and by device each query walks every kept row of its devices; a commune's hundred devices read by device
     * rather than a province's day of rows.
     */
    static boolean byTime(Collection<Device> installed, String scopePath) {
        return installed.size() > MANY || Caller.NATIONAL_SCOPE.equals(scopePath);
    }

    /** One area path's figures over the days read. */
    static final class Bucket {
        long plannedSeconds;
        long airedSeconds;
        long missedPlays;
        long heardSlots;
        long possibleSlots;
        final Map<String, Long> airedByCategory = new TreeMap<>();
        // streams and incidents (StreamsAndIncidents counts them)
        long liveSeconds;
        long relaySeconds;
        long outages;
        long failedPlays;
        long relayLosses;
        long missedEmergencies;

        void add(Bucket other) {
            plannedSeconds += other.plannedSeconds;
            airedSeconds += other.airedSeconds;
            missedPlays += other.missedPlays;
            heardSlots += other.heardSlots;
            possibleSlots += other.possibleSlots;
            other.airedByCategory.forEach((c, s) -> airedByCategory.merge(c, s, Long::sum));
            liveSeconds += other.liveSeconds;
            relaySeconds += other.relaySeconds;
            outages += other.outages;
            failedPlays += other.failedPlays;
            relayLosses += other.relayLosses;
            missedEmergencies += other.missedEmergencies;
        }

        boolean empty() {
            return plannedSeconds == 0
                    && airedSeconds == 0
                    && missedPlays == 0
                    && heardSlots == 0
                    && possibleSlots == 0
                    && airedByCategory.isEmpty()
                    && liveSeconds == 0
                    && relaySeconds == 0
                    && outages == 0
                    && failedPlays == 0
                    && relayLosses == 0
                    && missedEmergencies == 0;
        }
    }

    /** One day of the reported area, all paths together: planned, aired, heard and possible. */
    static final class DayTotals {
        long plannedSeconds;
        long airedSeconds;
        long heardSlots;
        long possibleSlots;
    }

    /** The figures read: per area path (of the device; of the missed play) and per day. */
    record Figures(Map<String, Bucket> byPath, Map<LocalDate, DayTotals> byDay) {}

    /**
     * The figures of these installed devices (and of missed plays under {@code scopePath}) over the days
     * {@code first} to {@code last} of {@code zone}, counting heartbeat slots only up to {@code now}.
     */
    Figures read(List<Device> installed, String scopePath, ZoneId zone, LocalDate first, LocalDate last, Instant now) {
        return read(
                installed,
                scopePath,
                zone,
                first,
                last,
                now,
                first.atStartOfDay(zone).toInstant());
    }

    /**
     * The same, with the figures of heartbeat slots (heard and possible slots, outages) counted from {@code slotsFrom}
     * on only: the slots before it come from an intraday fold ({@link DailyRollups#partOf}).
     */
    Figures read(
            List<Device> installed,
            String scopePath,
            ZoneId zone,
            LocalDate first,
            LocalDate last,
            Instant now,
            Instant slotsFrom) {
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Bucket> byPath = new HashMap<>();
        Map<LocalDate, DayTotals> byDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            byDay.put(d, new DayTotals());
        }
        List<UUID> deviceIds = installed.stream().map(Device::id).toList();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        boolean byTime = byTime(installed, scopePath);

        missed.byAreaPath(scopePath, from, to).forEach((path, count) -> bucket(byPath, path).missedPlays += count);

        // Planned items and what aired of them; logs may start up to a day after the item's window opened
        // (held back by an emergency, a box that came back), so their reading window is a day wider.
        Map<String, PlannedTime.Planned> items = new HashMap<>();
        for (PlannedTime.Planned p :
                byTime ? planned.startingBetween(from, to) : planned.startingBetween(deviceIds, from, to)) {
            if (byId.containsKey(p.deviceId())) {
                items.put(p.deviceId() + " " + p.itemId(), p);
            }
        }
        // (read by time: the logs of other devices name no item kept above, and are left out below)
        Instant playsFrom = from.minus(Duration.ofDays(1));
        Instant playsTo = to.plus(Duration.ofDays(1));
        List<AiredTime.Aired> plays =
                byTime ? aired.between(playsFrom, playsTo) : aired.between(deviceIds, playsFrom, playsTo);
        Map<String, Long> airedByItem = new HashMap<>();
        Map<String, Boolean> toEnd = new HashMap<>();
        for (AiredTime.Aired a : plays) {
            String key = a.deviceId() + " " + a.itemId();
            if (!items.containsKey(key)) {
                continue;
            }
            airedByItem.merge(key, a.seconds(), Long::sum);
            if (a.playedToEnd()) {
                toEnd.put(key, true);
            }
        }
        Map<UUID, String> categoryOf = bulletins.categoriesOfAudio(plays.stream()
                .filter(a -> items.containsKey(a.deviceId() + " " + a.itemId()))
                .map(a -> uuid(a.mediaId()))
                .filter(m -> m != null)
                .toList());
        for (AiredTime.Aired a : plays) {
            PlannedTime.Planned p = items.get(a.deviceId() + " " + a.itemId());
            if (p == null) {
                continue;
            }
            long length = Duration.between(p.start(), p.end()).toSeconds();
            long seconds = a.playedToEnd() ? Math.max(a.seconds(), length) : a.seconds();
            UUID media = uuid(a.mediaId());
            String category = media == null
                    ? ReportService.NO_CATEGORY
                    : categoryOf.getOrDefault(media, ReportService.NO_CATEGORY);
            bucket(byPath, byId.get(a.deviceId()).areaPath()).airedByCategory.merge(category, seconds, Long::sum);
        }
        for (Map.Entry<String, PlannedTime.Planned> e : items.entrySet()) {
            PlannedTime.Planned p = e.getValue();
            long length = Math.max(0, Duration.between(p.start(), p.end()).toSeconds());
            long on = Boolean.TRUE.equals(toEnd.get(e.getKey()))
                    ? length
                    : Math.min(length, airedByItem.getOrDefault(e.getKey(), 0L));
            Bucket b = bucket(byPath, byId.get(p.deviceId()).areaPath());
            b.plannedSeconds += length;
            b.airedSeconds += on;
            DayTotals day = byDay.get(p.start().atZone(zone).toLocalDate());
            if (day != null) {
                day.plannedSeconds += length;
                day.airedSeconds += on;
            }
        }

        // 5-minute slots heard / possible and outages: per device over the whole range (heard clipped to possible),
        // and per day over all devices.
        Instant end = to.isBefore(now) ? to : now;
        slots(installed, slotsFrom, end, to.isAfter(now), byTime)
                .forEach((path, b) -> bucket(byPath, path).add(b));
        boolean oneDay = first.equals(last);
        Map<LocalDate, Long> heardByDay = oneDay ? null : heardSlotsByDay(deviceIds, slotsFrom, end, zone);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            DayTotals day = byDay.get(d);
            if (oneDay) {
                // one day: the per-device sums above are that day's (and clipped the same way)
                byPath.values().forEach(b -> {
                    day.possibleSlots += b.possibleSlots;
                    day.heardSlots += b.heardSlots;
                });
                continue;
            }
            Instant dayFrom = d.atStartOfDay(zone).toInstant();
            if (dayFrom.isBefore(slotsFrom)) {
                dayFrom = slotsFrom;
            }
            Instant dayTo = d.plusDays(1).atStartOfDay(zone).toInstant();
            Instant dayEnd = dayTo.isBefore(now) ? dayTo : now;
            long possible = 0;
            for (Device dev : installed) {
                possible += ReportService.possibleSlots(dev, dayFrom, dayEnd);
            }
            day.possibleSlots = possible;
            day.heardSlots = possible == 0 ? 0 : heardByDay.getOrDefault(d, 0L);
        }
        streams.count(installed, scopePath, from, to)
                .forEach((path, counted) -> bucket(byPath, path).add(counted));
        return new Figures(byPath, byDay);
    }

    /**
     * The figures of heartbeat slots of these installed devices in [from, end), per area path: heard and possible
     * 5-minute slots (heard clipped to possible per device) and outages ({@link StreamsAndIncidents#outages}; those
     * still going at {@code end} too when {@code reachesNow}). Both a summary's raw read and the intraday fold use it;
     * {@code byTime}: read as {@link #byTime} says.
     */
    Map<String, Bucket> slots(List<Device> installed, Instant from, Instant end, boolean reachesNow, boolean byTime) {
        Map<String, Bucket> byPath = new HashMap<>();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        Map<UUID, Long> heard = new HashMap<>();
        Map<UUID, Long> outages = new HashMap<>();
        if (end.isAfter(from)) {
            // One read of the slots in time order, each device's previous slot kept here: a slot of the period ends
            // an outage when the device's previous one is 30 minutes older or more (none since the look-back: when
            // it was installed before that silence began). H2 takes minutes for a window function (lag) over a
            // day of slots; this reads the index (slot_start, device_id) once.
            long outage = StreamsAndIncidents.OUTAGE.toMillis();
            long fromMillis = from.toEpochMilli();
            Instant quiet = end.minus(StreamsAndIncidents.OUTAGE).minus(HeartbeatSlots.SLOT);
            Instant lookback = from.minus(StreamsAndIncidents.OUTAGE);
            Map<UUID, Long> last = new HashMap<>();
            slotsInOrder(byId.keySet(), byTime, quiet.isBefore(lookback) ? quiet : lookback, end, (device, slot) -> {
                Device d = byId.get(device);
                if (d == null) {
                    return;
                }
                Long previous = last.put(device, slot);
                if (slot < fromMillis) {
                    return;
                }
                heard.merge(device, 1L, Long::sum);
                boolean ends =
                        previous == null ? d.enrolledAt().toEpochMilli() < slot - outage : previous < slot - outage;
                if (ends) {
                    outages.merge(device, 1L, Long::sum);
                }
            });
            if (reachesNow) {
                // still silent for 30 minutes at the end: not heard after the quiet instant
                for (Device d : installed) {
                    Long l = last.get(d.id());
                    if ((l == null || l <= quiet.toEpochMilli())
                            && !d.enrolledAt().plus(StreamsAndIncidents.OUTAGE).isAfter(end)) {
                        outages.merge(d.id(), 1L, Long::sum);
                    }
                }
            }
        }
        for (Device d : installed) {
            long possible = ReportService.possibleSlots(d, from, end);
            long slots = Math.min(possible, heard.getOrDefault(d.id(), 0L));
            Bucket b = bucket(byPath, d.areaPath());
            b.possibleSlots += possible;
            b.heardSlots += slots;
            b.outages += outages.getOrDefault(d.id(), 0L);
        }
        return byPath;
    }

    /**
     * Hands each slot of these devices in [from, end) to {@code row} (device, slot start in epoch milliseconds), each
     * device's in time order. By time ({@link #byTime}): one range read of the index (slot_start, device_id) in time
     * order, kept for these devices by the caller. Else the devices' ids as one array joined to the primary key
     * (device_id, slot_start), so each device's slots are one range of it: H2 does not combine {@code device_id in
     * (…)} with a range of slot_start (it read every row of the table for a commune, 4.5 million, or each device's
     * whole history), and a join on {@code unnest(?)} reads the same way on H2 and PostgreSQL. The rows stream: H2
     * reads lazily (else it spills a large result to disk), PostgreSQL fetches 10,000 at a time (inside a
     * transaction).
     */
    void slotsInOrder(
            Collection<UUID> deviceIds,
            boolean byTime,
            Instant from,
            Instant end,
            java.util.function.ObjLongConsumer<UUID> row) {
        if (!byTime && deviceIds.isEmpty()) {
            return;
        }
        jdbc.getJdbcTemplate().execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            boolean h2 = c.getMetaData().getDatabaseProductName().startsWith("H2");
            if (h2) {
                try (java.sql.Statement lazy = c.createStatement()) {
                    lazy.execute("set lazy_query_execution true");
                }
            }
            String sql = byTime
                    ? "select device_id, slot_start from report_heartbeat_slot where slot_start >= ? and slot_start < ?"
                            + " order by slot_start"
                    : "select s.device_id, s.slot_start from unnest(?) as i(id) join report_heartbeat_slot s"
                            + " on s.device_id = i.id where s.slot_start >= ? and s.slot_start < ?";
            try (java.sql.PreparedStatement query = c.prepareStatement(sql)) {
                query.setFetchSize(10_000);
                int i = 1;
                if (!byTime) {
                    query.setArray(i++, c.createArrayOf("uuid", new LinkedHashSet<>(deviceIds).toArray()));
                }
                query.setTimestamp(i++, Timestamp.from(from));
                query.setTimestamp(i, Timestamp.from(end));
                // by device: sorted here rather than by the database (what the caller needs is each device's
                // slots in order)
                List<Object[]> few = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        UUID device = rs.getObject(1, UUID.class);
                        long slot = rs.getTimestamp(2).getTime();
                        if (byTime) {
                            row.accept(device, slot);
                        } else {
                            few.add(new Object[] {device, slot});
                        }
                    }
                }
                few.sort(java.util.Comparator.comparing((Object[] r) -> (UUID) r[0])
                        .thenComparing(r -> (Long) r[1]));
                few.forEach(r -> row.accept((UUID) r[0], (Long) r[1]));
            } finally {
                if (h2) {
                    try (java.sql.Statement lazy = c.createStatement()) {
                        lazy.execute("set lazy_query_execution false");
                    }
                }
            }
            return null;
        });
    }

    private static Bucket bucket(Map<String, Bucket> byPath, String path) {
        return byPath.computeIfAbsent(path, p -> new Bucket());
    }

    /**
     * Heard slots of these devices per local day: one grouped query, the devices' ids as an array joined to the
     * primary key as in {@link #slotsInOrder} (a row per slot start, at most 288 a day), bucketed into days here,
     * never a query per day.
     */
    private Map<LocalDate, Long> heardSlotsByDay(Collection<UUID> deviceIds, Instant from, Instant end, ZoneId zone) {
        Map<LocalDate, Long> counts = new HashMap<>();
        if (!end.isAfter(from) || deviceIds.isEmpty()) {
            return counts;
        }
        jdbc.getJdbcTemplate()
                .query(
                        c -> {
                            java.sql.PreparedStatement query = c.prepareStatement(
                                    "select s.slot_start, count(*) from unnest(?) as i(id) join report_heartbeat_slot s"
                                            + " on s.device_id = i.id where s.slot_start >= ? and s.slot_start < ?"
                                            + " group by s.slot_start");
                            query.setArray(1, c.createArrayOf("uuid", new LinkedHashSet<>(deviceIds).toArray()));
                            query.setTimestamp(2, Timestamp.from(from));
                            query.setTimestamp(3, Timestamp.from(end));
                            return query;
                        },
                        rs -> {
                            LocalDate day =
                                    rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate();
                            counts.merge(day, rs.getLong(2), Long::sum);
                        });
        return counts;
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }
}
