package org.openloa.cms.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.exchange.DailyFigures;
import org.openloa.cms.exchange.DownstreamReports;
import org.springframework.stereotype.Component;

/**
 * Shows downstream instances' figures as if their areas were this instance's child areas (issue 9, "Up";
 * docs/reports.md, "Downstream instances"). A step of its own after the summary is counted from this instance's
 * rows, so it does not care where those come from (raw rows or daily rollups).
 *
 * <p>What a downstream pushed is one row per area code and local day ({@code exchange_figures}). A row names
 * either an area this instance has (the downstream's served area, matched by code) or one only the downstream has
 * (its commune, kept under its parent here). A downstream pushes its served area <em>and</em> each area right
 * under it, and the first already holds the others, so only the <b>topmost</b> rows of a scope are summed: a row
 * whose area lies under another row's area of the same scope is left out of that scope's sum.
 */
@Component
class DownstreamChildren {

    /** Five-minute slots in a day: an online rate pushed for a day weighs its devices × this. */
    private static final long SLOTS_A_DAY = 288;

    private final DownstreamReports reports;

    DownstreamChildren(DownstreamReports reports) {
        this.reports = reports;
    }

    /** The summary with the downstream rows under {@code area} added to its total, its children, and its days. */
    Summary add(Summary summary, Area area, List<Area> children, Caller caller) {
        List<Row> rows = reports.pushed(caller, area.path(), summary.from(), summary.to()).stream()
                .map(Row::new)
                .toList();
        if (rows.isEmpty()) {
            return summary;
        }
        int localDays = localDays(summary);
        Map<UUID, Area> childById = new HashMap<>();
        children.forEach(c -> childById.put(c.id(), c));

        List<Summary.AreaFigures> merged = new ArrayList<>();
        for (Summary.AreaFigures child : summary.children()) {
            Area c = childById.get(child.area().id());
            List<Row> mine = c == null ? List.of() : topmost(within(rows, c.path()));
            if (mine.isEmpty()) {
                merged.add(child);
            } else {
                merged.add(new Summary.AreaFigures(child.area(), plus(child.figures(), mine, localDays), marker(mine)));
            }
        }
        // Areas only a downstream has, right under this one: children of their own, named as it named them.
        Map<String, List<Row>> virtual = new TreeMap<>();
        for (Row r : rows) {
            if (r.reported.areaId() == null && area.path().equals(r.filedUnder)) {
                virtual.computeIfAbsent(r.reported.areaCode(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        virtual.forEach((code, mine) -> {
            Row last = mine.get(mine.size() - 1);
            merged.add(new Summary.AreaFigures(
                    new Summary.AreaRef(null, code, last.reported.areaName(), null),
                    plus(empty(), mine, 0),
                    marker(mine)));
        });

        List<Row> top = topmost(rows);
        return new Summary(
                summary.area(),
                summary.from(),
                summary.to(),
                summary.zone(),
                summary.madeAt(),
                plus(summary.total(), top, localDays),
                Collections.unmodifiableList(merged),
                days(summary, top),
                marker(top));
    }

    /** One pushed row, with the path it stands at: its area's here, or a virtual one under its parent. */
    private record Row(DownstreamReports.Reported reported, String filedUnder, String path) {
        Row(DownstreamReports.Pushed p) {
            this(
                    p.reported(),
                    p.areaPath(),
                    p.reported().areaId() != null
                            ? p.areaPath()
                            : p.areaPath() + "~" + p.reported().areaCode() + "/");
        }
    }

    private static List<Row> within(List<Row> rows, String path) {
        return rows.stream().filter(r -> r.path.startsWith(path)).toList();
    }

    /** The rows no other row of the same day and scope holds (a province's row holds its communes'). */
    private static List<Row> topmost(List<Row> rows) {
        List<Row> top = new ArrayList<>();
        for (Row r : rows) {
            boolean held = rows.stream()
                    .anyMatch(o -> o != r
                            && o.reported.day().equals(r.reported.day())
                            && r.path.startsWith(o.path)
                            && !o.path.equals(r.path));
            if (!held) {
                top.add(r);
            }
        }
        return top;
    }

    /** Days of the period this instance counted devices over (up to today): the weight of its online rate. */
    private static int localDays(Summary s) {
        LocalDate today = s.madeAt().atZone(java.time.ZoneId.of(s.zone())).toLocalDate();
        LocalDate end = s.to().isBefore(today) ? s.to() : today;
        return end.isBefore(s.from()) ? 0 : (int) ChronoUnit.DAYS.between(s.from(), end) + 1;
    }

    private static Summary.Figures empty() {
        return new Summary.Figures(
                new Summary.Bulletins(0, Map.of(), Map.of(), Map.of()), 0, 0, 0, 0, null, Map.of(), 0, 0, 0, null);
    }

    /**
     * Local figures plus pushed rows: counts, seconds and live and relay minutes are summed over the days (a
     * figure pushed as null adds nothing); loudspeakers installed and
     * working are each downstream area's latest reported day; the online rate is weighted by device-days (the
     * local one by its devices × {@code localDays}).
     */
    private static Summary.Figures plus(Summary.Figures local, List<Row> rows, int localDays) {
        long bulletins = local.bulletins().total();
        long planned = local.plannedSeconds();
        long aired = local.airedSeconds();
        long missed = local.missedPlays();
        double possible = local.onlineRate() == null ? 0 : (double) local.devicesInstalled() * localDays * SLOTS_A_DAY;
        double heard = local.onlineRate() == null ? 0 : possible * local.onlineRate();
        double live = local.liveMinutes() == null ? 0 : local.liveMinutes();
        double relay = local.relayMinutes() == null ? 0 : local.relayMinutes();
        Summary.Incidents incidents = local.incidents() == null ? Summary.Incidents.NONE : local.incidents();
        Map<String, DailyFigures.Figures> latest = new LinkedHashMap<>();
        for (Row r : rows) {
            DailyFigures.Figures f = r.reported.figures();
            live += f.liveMinutes() == null ? 0 : f.liveMinutes();
            relay += f.relayMinutes() == null ? 0 : f.relayMinutes();
            long outages = n(f.outages());
            long failed = n(f.failedPlays());
            long losses = n(f.relayLosses());
            long emergencies = n(f.missedEmergencies());
            incidents = incidents.plus(new Summary.Incidents(
                    outages + failed + losses + emergencies, outages, failed, losses, emergencies));
            bulletins += n(f.bulletinsProduced());
            planned += n(f.plannedSeconds());
            aired += n(f.airedSeconds());
            missed += n(f.missedPlays());
            if (f.onlineRate() != null && f.devicesInstalled() != null) {
                double slots = (double) f.devicesInstalled() * SLOTS_A_DAY;
                possible += slots;
                heard += slots * f.onlineRate();
            }
            latest.merge(r.path, f, (a, b) -> b); // rows come by day: the last is the latest
        }
        long installed = local.devicesInstalled();
        long working = local.devicesWorkingNow();
        for (DailyFigures.Figures f : latest.values()) {
            installed += n(f.devicesInstalled());
            working += n(f.devicesWorking());
        }
        return new Summary.Figures(
                new Summary.Bulletins(
                        bulletins,
                        local.bulletins().byStatus(),
                        local.bulletins().byCategory(),
                        local.bulletins().byPriority()),
                planned,
                aired,
                ReportService.minutes(planned),
                ReportService.minutes(aired),
                planned == 0 ? null : ReportService.round((double) aired / planned),
                local.airedMinutesByCategory(),
                missed,
                installed,
                working,
                possible == 0 ? null : ReportService.round(Math.min(1, heard / possible)),
                round1(live),
                round1(relay),
                incidents);
    }

    /** The chart's days with the pushed minutes added (the online rate of a day stays this instance's). */
    private static List<Summary.Day> days(Summary s, List<Row> top) {
        Map<LocalDate, long[]> pushed = new HashMap<>();
        for (Row r : top) {
            long[] d = pushed.computeIfAbsent(r.reported.day(), k -> new long[2]);
            d[0] += n(r.reported.figures().plannedSeconds());
            d[1] += n(r.reported.figures().airedSeconds());
        }
        List<Summary.Day> days = new ArrayList<>();
        for (Summary.Day d : s.days()) {
            long[] p = pushed.get(d.date());
            days.add(
                    p == null
                            ? d
                            : new Summary.Day(
                                    d.date(),
                                    round1(d.plannedMinutes() + ReportService.minutes(p[0])),
                                    round1(d.airedMinutes() + ReportService.minutes(p[1])),
                                    d.onlineRate()));
        }
        return days;
    }

    private static Summary.Downstream marker(List<Row> rows) {
        TreeSet<LocalDate> days = new TreeSet<>();
        Instant last = null;
        for (Row r : rows) {
            days.add(r.reported.day());
            if (last == null || r.reported.receivedAt().isAfter(last)) {
                last = r.reported.receivedAt();
            }
        }
        return new Summary.Downstream(days.size(), last);
    }

    private static double round1(double minutes) {
        return Math.round(minutes * 10) / 10.0;
    }

    private static long n(Number value) {
        return value == null ? 0 : value.longValue();
    }
}
