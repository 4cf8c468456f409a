package org.openloa.cms.report;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
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
    private final RawFigures raw;
    private final DailyRollups rollups;
    private final Clock clock;

    ReportService(
            AreaService areas,
            DeviceService devices,
            BulletinCounts bulletins,
            RawFigures raw,
            DailyRollups rollups,
            Clock clock) {
        this.areas = areas;
        this.devices = devices;
        this.bulletins = bulletins;
        this.raw = raw;
        this.rollups = rollups;
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
        List<Area> children = areas.subtree(area.path()).stream()
                .filter(a -> area.id().equals(a.parentId()) && !a.retired())
                .toList();
        Summary counted = read(area, children, first, last, caller);
        // A step of its own after the counting (docs/reports.md): what downstream instances pushed for areas under
        // this one.
        return downstreamChildren.add(counted, area, children, caller);
    }

    private DownstreamChildren downstreamChildren;

    /** The step after the counting, kept apart from the constructor so each can change without the other. */
    @org.springframework.beans.factory.annotation.Autowired
    void steps(DownstreamChildren downstreamChildren) {
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

    private Summary read(Area area, List<Area> children, LocalDate first, LocalDate last, Caller caller) {
        ZoneId zone = area.zone();
        Instant now = clock.instant();
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
        List<Device> installed = devices.list(caller, new DeviceQuery(area.id(), null, null, false)).stream()
                .filter(d -> d.enrolledAt() != null)
                .toList();

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

        // Air time, missed plays, heartbeat slots, streams and incidents: rollups for the days folded in this zone,
        // raw rows for the others (docs/reports.md, "Retention and rollups"); both come from RawFigures, so they agree.
        java.util.Set<LocalDate> folded = rollups.folded(zone, first, last);
        if (!folded.isEmpty()) {
            DailyRollups.Rolled rolled = rollups.read(zone, first, last, area.path());
            rolled.byPath().forEach((path, b) -> {
                total.add(b);
                tallyOf(children, perChild, path).forEach(t -> t.add(b));
            });
            rolled.byDay().forEach((d, v) -> addDay(perDay, d, v));
        }
        // Raw days: each run of days not folded is read at once, but a day with an intraday fold is read on its own,
        // its heartbeat slots raw only from where the fold ends (the rest from the fold).
        java.util.Set<LocalDate> parted = rollups.parted(zone, first, last);
        LocalDate rangeStart = null;
        for (LocalDate d = first; !d.isAfter(last.plusDays(1)); d = d.plusDays(1)) {
            boolean rawDay = !d.isAfter(last) && !folded.contains(d);
            boolean alone = rawDay && parted.contains(d);
            if (rangeStart != null && (!rawDay || alone)) {
                readRaw(installed, area, children, perChild, perDay, total, rangeStart, d.minusDays(1), now);
                rangeStart = null;
            }
            if (alone) {
                readRaw(installed, area, children, perChild, perDay, total, d, d, now);
            } else if (rawDay && rangeStart == null) {
                rangeStart = d;
            }
        }

        // Devices installed and working now.
        for (Device d : installed) {
            boolean online = d.statusAt(now) == DeviceStatus.ONLINE;
            total.device(online);
            tallyOf(children, perChild, d.areaPath()).forEach(t -> t.device(online));
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

    /** Adds the figures of the raw days [first, last] (one day: with its intraday fold, if it has one). */
    private void readRaw(
            List<Device> installed,
            Area area,
            List<Area> children,
            Map<UUID, Tally> perChild,
            Map<LocalDate, double[]> perDay,
            Tally total,
            LocalDate first,
            LocalDate last,
            Instant now) {
        ZoneId zone = area.zone();
        DailyRollups.Part part = first.equals(last) ? rollups.partOf(zone, first, area.path()) : null;
        Instant slotsFrom =
                part != null ? part.until() : first.atStartOfDay(zone).toInstant();
        RawFigures.Figures f = raw.read(installed, area.path(), zone, first, last, now, slotsFrom);
        f.byPath().forEach((path, b) -> {
            total.add(b);
            tallyOf(children, perChild, path).forEach(t -> t.add(b));
        });
        f.byDay().forEach((day, v) -> addDay(perDay, day, v));
        if (part != null) {
            RawFigures.DayTotals slots = new RawFigures.DayTotals();
            part.byPath().forEach((path, b) -> {
                total.add(b);
                tallyOf(children, perChild, path).forEach(t -> t.add(b));
                slots.heardSlots += b.heardSlots;
                slots.possibleSlots += b.possibleSlots;
            });
            addDay(perDay, first, slots);
        }
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

    private static void addDay(Map<LocalDate, double[]> perDay, LocalDate date, RawFigures.DayTotals v) {
        double[] day = perDay.get(date);
        if (day != null) {
            day[0] += v.plannedSeconds;
            day[1] += v.airedSeconds;
            day[2] += v.possibleSlots;
            day[3] += v.heardSlots;
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
        final RawFigures.Bucket streams = new RawFigures.Bucket();

        void bulletin(BulletinCounts.Produced p) {
            bulletinTotal += p.count();
            byStatus.merge(p.status(), p.count(), Long::sum);
            byCategory.merge(p.category(), p.count(), Long::sum);
            byPriority.merge(p.priority(), p.count(), Long::sum);
        }

        void category(String category, long seconds) {
            airedByCategory.merge(category, seconds, Long::sum);
        }

        void device(boolean online) {
            installed++;
            if (online) {
                working++;
            }
        }

        void add(RawFigures.Bucket b) {
            plannedSeconds += b.plannedSeconds;
            airedSeconds += b.airedSeconds;
            missed += b.missedPlays;
            possibleSlots += b.possibleSlots;
            heardSlots += b.heardSlots;
            b.airedByCategory.forEach((c, sec) -> airedByCategory.merge(c, sec, Long::sum));
            streams.liveSeconds += b.liveSeconds;
            streams.relaySeconds += b.relaySeconds;
            streams.outages += b.outages;
            streams.failedPlays += b.failedPlays;
            streams.relayLosses += b.relayLosses;
            streams.missedEmergencies += b.missedEmergencies;
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
                    possibleSlots == 0 ? null : round((double) heardSlots / possibleSlots),
                    minutes(streams.liveSeconds),
                    minutes(streams.relaySeconds),
                    new Summary.Incidents(
                            streams.outages + streams.failedPlays + streams.relayLosses + streams.missedEmergencies,
                            streams.outages,
                            streams.failedPlays,
                            streams.relayLosses,
                            streams.missedEmergencies));
        }

        private static Map<String, Long> sorted(Map<String, Long> counts) {
            return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
        }
    }
}
