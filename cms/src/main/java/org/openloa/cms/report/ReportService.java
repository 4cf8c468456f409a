package org.openloa.cms.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.bulletin.BulletinCounts;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.edge.planned.PlannedTime;
import org.openloa.cms.plan.MissedPlayCounts;
import org.openloa.cms.playlog.AiredTime;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reports' figures (docs/reports.md): for an area and each child area over whole days of the area's zone.
 * Any role may read them, for areas within its reach only (404 outside, as everywhere).
 */
@Service
@Transactional(readOnly = true)
public class ReportService {

    /** The longest period one summary covers: a year and a day (a leap year's whole year fits). */
    public static final int MAX_DAYS = 367;

    /** The category key of air time that is no bulletin's (streams, relays). */
    public static final String NO_CATEGORY = "-";

    private final AreaService areas;
    private final DeviceService devices;
    private final BulletinCounts bulletins;
    private final PlannedTime planned;
    private final AiredTime aired;
    private final MissedPlayCounts missed;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    ReportService(
            AreaService areas,
            DeviceService devices,
            BulletinCounts bulletins,
            PlannedTime planned,
            AiredTime aired,
            MissedPlayCounts missed,
            NamedParameterJdbcTemplate jdbc,
            Clock clock) {
        this.areas = areas;
        this.devices = devices;
        this.bulletins = bulletins;
        this.planned = planned;
        this.aired = aired;
        this.missed = missed;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The area a caller reports on when they name none: their own (the national level: the first root). */
    public Area defaultArea(Caller caller) {
        if (caller.areaId() != null) {
            return areas.get(caller, caller.areaId());
        }
        return areas.visibleTo(caller).stream()
                .filter(a -> !a.retired())
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("area"));
    }

    /**
     * The summary of {@code areaId} (the caller's own area when null) from the day {@code from} to the day
     * {@code to}, both included, in the area's zone (default: the current month up to today). 404 for an area
     * out of reach; 422 naming {@code to} for a period backwards or longer than {@link #MAX_DAYS}.
     */
    public Summary summary(UUID areaId, LocalDate from, LocalDate to, Caller caller) {
        Area area = areaId == null ? defaultArea(caller) : areas.get(caller, areaId);
        ZoneId zone = area.zone();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate first = from != null ? from : today.withDayOfMonth(1);
        LocalDate last = to != null ? to : (from != null ? from.withDayOfMonth(from.lengthOfMonth()) : today);
        if (last.isBefore(first)) {
            throw ProblemException.rule("end-before-start", "to", "scheduling.rule.END_BEFORE_START", last);
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ProblemException.rule("period-too-long", "to", "report.period-too-long", MAX_DAYS);
        }
        Summary counted = read(area, first, last, caller);
        // Steps of their own after the counting (docs/reports.md): live and relay minutes and incidents, then what
        // downstream instances pushed for areas under this one.
        counted = streamsAndIncidents.add(counted, area, caller);
        List<Area> children = areas.subtree(area.path()).stream()
                .filter(a -> area.id().equals(a.parentId()) && !a.retired())
                .toList();
        return downstreamChildren.add(counted, area, children, caller);
    }

    private StreamsAndIncidents streamsAndIncidents;
    private DownstreamChildren downstreamChildren;

    /** The steps after the counting, kept apart from the constructor so each can change without the other. */
    @org.springframework.beans.factory.annotation.Autowired
    void steps(StreamsAndIncidents streamsAndIncidents, DownstreamChildren downstreamChildren) {
        this.streamsAndIncidents = streamsAndIncidents;
        this.downstreamChildren = downstreamChildren;
    }

    /** Parses a day of the API, naming the field when it is not one. */
    public static LocalDate day(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new ProblemException(
                    RefusalKind.INVALID,
                    "invalid-input",
                    List.of(new ProblemException.FieldProblem(field, "report.invalid-day", new Object[] {text})),
                    "problem.invalid-input");
        }
    }

    private Summary read(Area area, LocalDate first, LocalDate last, Caller caller) {
        ZoneId zone = area.zone();
        Instant now = clock.instant();
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
        List<Area> children = areas.subtree(area.path()).stream()
                .filter(a -> area.id().equals(a.parentId()) && !a.retired())
                .toList();
        List<Device> installed = devices.list(caller, new DeviceQuery(area.id(), null, null, false)).stream()
                .filter(d -> d.enrolledAt() != null)
                .toList();
        List<UUID> deviceIds = installed.stream().map(Device::id).toList();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));

        Tally total = new Tally();
        Map<UUID, Tally> perChild = new HashMap<>();
        children.forEach(c -> perChild.put(c.id(), new Tally()));
        Map<LocalDate, double[]> perDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            perDay.put(d, new double[] {0, 0, 0, 0});
        }

        for (BulletinCounts.Produced p : bulletins.producedUnder(area.path(), from, to)) {
            total.bulletin(p);
            tallyOf(children, perChild, p.areaPath()).forEach(t -> t.bulletin(p));
        }
        missed.byAreaPath(area.path(), from, to).forEach((path, count) -> {
            total.missed += count;
            tallyOf(children, perChild, path).forEach(t -> t.missed += count);
        });

        // Planned items and what aired of them; logs may start up to a day after the item's window opened
        // (held back by an emergency, a box that came back), so their reading window is a day wider.
        Map<String, PlannedTime.Planned> items = new HashMap<>();
        for (PlannedTime.Planned p : planned.startingBetween(deviceIds, from, to)) {
            items.put(p.deviceId() + " " + p.itemId(), p);
        }
        List<AiredTime.Aired> plays =
                aired.between(deviceIds, from.minus(Duration.ofDays(1)), to.plus(Duration.ofDays(1)));
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
            String category = media == null ? NO_CATEGORY : categoryOf.getOrDefault(media, NO_CATEGORY);
            Device device = byId.get(a.deviceId());
            total.category(category, seconds);
            tallyOf(children, perChild, device.areaPath()).forEach(t -> t.category(category, seconds));
        }
        for (Map.Entry<String, PlannedTime.Planned> e : items.entrySet()) {
            PlannedTime.Planned p = e.getValue();
            long length = Math.max(0, Duration.between(p.start(), p.end()).toSeconds());
            long on = Boolean.TRUE.equals(toEnd.get(e.getKey()))
                    ? length
                    : Math.min(length, airedByItem.getOrDefault(e.getKey(), 0L));
            Device device = byId.get(p.deviceId());
            total.plannedSeconds += length;
            total.airedSeconds += on;
            for (Tally t : tallyOf(children, perChild, device.areaPath())) {
                t.plannedSeconds += length;
                t.airedSeconds += on;
            }
            double[] day = perDay.get(p.start().atZone(zone).toLocalDate());
            if (day != null) {
                day[0] += length;
                day[1] += on;
            }
        }

        // Devices: installed, online now, and their 5-minute slots heard / possible.
        Instant end = to.isBefore(now) ? to : now;
        Map<UUID, Long> heard = heardSlots(deviceIds, from, end);
        for (Device d : installed) {
            long possible = possibleSlots(d, from, end);
            long slots = Math.min(possible, heard.getOrDefault(d.id(), 0L));
            boolean online = d.statusAt(now) == DeviceStatus.ONLINE;
            total.device(online, possible, slots);
            tallyOf(children, perChild, d.areaPath()).forEach(t -> t.device(online, possible, slots));
        }
        Map<LocalDate, Long> heardByDay = heardSlotsByDay(deviceIds, from, end, zone);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant dayFrom = d.atStartOfDay(zone).toInstant();
            Instant dayTo = d.plusDays(1).atStartOfDay(zone).toInstant();
            Instant dayEnd = dayTo.isBefore(now) ? dayTo : now;
            long possible = 0;
            for (Device dev : installed) {
                possible += possibleSlots(dev, dayFrom, dayEnd);
            }
            double[] day = perDay.get(d);
            day[2] = possible;
            day[3] = possible == 0 ? 0 : heardByDay.getOrDefault(d, 0L);
        }

        List<Summary.Day> days = new ArrayList<>();
        perDay.forEach((date, v) -> days.add(new Summary.Day(
                date, minutes((long) v[0]), minutes((long) v[1]), v[2] == 0 ? null : round(Math.min(1, v[3] / v[2])))));
        return new Summary(
                ref(area),
                first,
                last,
                zone.getId(),
                now,
                total.figures(),
                children.stream()
                        .map(c -> new Summary.AreaFigures(
                                ref(c), perChild.get(c.id()).figures()))
                        .toList(),
                days);
    }

    /** The tallies a row under {@code path} adds to: its child area's, if it lies under one. */
    private static List<Tally> tallyOf(List<Area> children, Map<UUID, Tally> perChild, String path) {
        for (Area c : children) {
            if (path != null && path.startsWith(c.path())) {
                return List.of(perChild.get(c.id()));
            }
        }
        return List.of();
    }

    /** The 5-minute slots of [from, end) in which the device was installed (from its enrolment on). */
    static long possibleSlots(Device device, Instant from, Instant end) {
        Instant start = device.enrolledAt() == null || device.enrolledAt().isBefore(from)
                ? from
                : Instant.ofEpochMilli(HeartbeatSlots.slotOf(device.enrolledAt()));
        if (!end.isAfter(start)) {
            return 0;
        }
        long slot = HeartbeatSlots.SLOT.toMillis();
        return (end.toEpochMilli() - start.toEpochMilli() + slot - 1) / slot;
    }

    private Map<UUID, Long> heardSlots(Collection<UUID> deviceIds, Instant from, Instant end) {
        Map<UUID, Long> counts = new HashMap<>();
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.query(
                    "select device_id, count(*) from report_heartbeat_slot where device_id in (:ids)"
                            + " and slot_start >= :from and slot_start < :to group by device_id",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500)))
                            .addValue("from", Timestamp.from(from))
                            .addValue("to", Timestamp.from(end)),
                    rs -> {
                        counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    });
        }
        return counts;
    }

    /**
     * Heard slots of these devices per local day: one grouped query per 500 devices (a row per slot start, at
     * most 288 a day), bucketed into days here, never a query per day.
     */
    private Map<LocalDate, Long> heardSlotsByDay(Collection<UUID> deviceIds, Instant from, Instant end, ZoneId zone) {
        Map<LocalDate, Long> counts = new HashMap<>();
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.query(
                    "select slot_start, count(*) from report_heartbeat_slot where device_id in (:ids)"
                            + " and slot_start >= :from and slot_start < :to group by slot_start",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500)))
                            .addValue("from", Timestamp.from(from))
                            .addValue("to", Timestamp.from(end)),
                    rs -> {
                        LocalDate day =
                                rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate();
                        counts.merge(day, rs.getLong(2), Long::sum);
                    });
        }
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

    private static Summary.AreaRef ref(Area area) {
        return new Summary.AreaRef(area.id(), area.code(), area.name(), area.kind());
    }

    static double minutes(long seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }

    static double round(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }

    /** One area's running counts. */
    private static final class Tally {
        long bulletinTotal;
        final Map<String, Long> byStatus = new TreeMap<>();
        final Map<String, Long> byCategory = new TreeMap<>();
        final Map<String, Long> byPriority = new TreeMap<>();
        long plannedSeconds;
        long airedSeconds;
        final Map<String, Long> airedByCategory = new TreeMap<>();
        long missed;
        long installed;
        long working;
        long possibleSlots;
        long heardSlots;

        void bulletin(BulletinCounts.Produced p) {
            bulletinTotal += p.count();
            byStatus.merge(p.status(), p.count(), Long::sum);
            byCategory.merge(p.category(), p.count(), Long::sum);
            byPriority.merge(p.priority(), p.count(), Long::sum);
        }

        void category(String category, long seconds) {
            airedByCategory.merge(category, seconds, Long::sum);
        }

        void device(boolean online, long possible, long heard) {
            installed++;
            if (online) {
                working++;
            }
            possibleSlots += possible;
            heardSlots += heard;
        }

        Summary.Figures figures() {
            Map<String, Double> minutesByCategory = new TreeMap<>();
            airedByCategory.forEach((c, s) -> minutesByCategory.put(c, minutes(s)));
            Map<String, Double> byCategoryMinutes = java.util.Collections.unmodifiableMap(minutesByCategory);
            return new Summary.Figures(
                    new Summary.Bulletins(bulletinTotal, sorted(byStatus), sorted(byCategory), sorted(byPriority)),
                    plannedSeconds,
                    airedSeconds,
                    minutes(plannedSeconds),
                    minutes(airedSeconds),
                    plannedSeconds == 0 ? null : round((double) airedSeconds / plannedSeconds),
                    byCategoryMinutes,
                    missed,
                    installed,
                    working,
                    possibleSlots == 0 ? null : round((double) heardSlots / possibleSlots));
        }

        private static Map<String, Long> sorted(Map<String, Long> counts) {
            return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
        }
    }
}
