package org.openloa.cms.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.edge.live.LiveStreams;
import org.openloa.cms.plan.MissedPlayCounts;
import org.openloa.cms.playlog.StreamsAndFailures;
import org.openloa.cms.problem.ProblemException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Live and relay minutes and incidents (docs/reports.md, "Live and relay minutes" and "Incidents"): a step of its
 * own after the summary is counted, for the area and each child area, by the area of each loudspeaker.
 *
 * <p>Outages come from this module's own heartbeat slots: a loudspeaker is <b>out</b> when at least
 * {@link #OUTAGE_SLOTS} consecutive 5-minute slots (30 minutes) passed with no heartbeat. An outage counts in the
 * period in which it ended (the device heard again), or, still going at the period's end, in that period.
 */
@Component
class StreamsAndIncidents {

    /** Silent slots in a row that make an outage: 6 × 5 minutes = 30 minutes. */
    static final int OUTAGE_SLOTS = 6;

    private static final Duration OUTAGE = HeartbeatSlots.SLOT.multipliedBy(OUTAGE_SLOTS);

    private final AreaService areas;
    private final DeviceService devices;
    private final StreamsAndFailures logs;
    private final MissedPlayCounts missedPlays;
    private final BroadcastService broadcasts;
    private final LiveStreams live;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    StreamsAndIncidents(
            AreaService areas,
            DeviceService devices,
            StreamsAndFailures logs,
            MissedPlayCounts missedPlays,
            BroadcastService broadcasts,
            LiveStreams live,
            NamedParameterJdbcTemplate jdbc,
            Clock clock) {
        this.areas = areas;
        this.devices = devices;
        this.logs = logs;
        this.missedPlays = missedPlays;
        this.broadcasts = broadcasts;
        this.live = live;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Summary add(Summary s, Area area, Caller caller) {
        Instant from = s.from().atStartOfDay(area.zone()).toInstant();
        Instant to = s.to().plusDays(1).atStartOfDay(area.zone()).toInstant();
        Instant now = clock.instant();
        Instant end = to.isBefore(now) ? to : now;
        List<Area> children = areas.subtree(area.path()).stream()
                .filter(a -> area.id().equals(a.parentId()) && !a.retired())
                .toList();
        List<Device> installed = devices.list(caller, new DeviceQuery(area.id(), null, null, false)).stream()
                .filter(d -> d.enrolledAt() != null)
                .toList();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));

        Counts total = new Counts();
        Map<UUID, Counts> perChild = new HashMap<>();
        children.forEach(c -> perChild.put(c.id(), new Counts()));

        // Streams and failures, from the play logs started in the period.
        Map<String, Boolean> liveBroadcast = new HashMap<>();
        for (StreamsAndFailures.Logged l : logs.between(byId.keySet(), from, to)) {
            Device d = byId.get(l.deviceId());
            boolean isLive = l.streamSeconds() > 0 && liveBroadcast.computeIfAbsent(l.broadcastId(), this::isLive);
            for (Counts c : countsOf(total, children, perChild, d.areaPath())) {
                if (isLive) {
                    c.liveSeconds += l.streamSeconds();
                } else {
                    c.relaySeconds += l.streamSeconds() - l.lostSeconds();
                }
                c.relayLosses += l.losses();
                c.failedPlays += l.failed();
            }
        }
        missedPlays.emergenciesByAreaPath(area.path(), from, to).forEach((path, count) -> {
            countsOf(total, children, perChild, path).forEach(c -> c.missedEmergencies += count);
        });
        if (end.isAfter(from)) {
            outages(installed, from, end).forEach((device, count) -> {
                countsOf(total, children, perChild, byId.get(device).areaPath()).forEach(c -> c.outages += count);
            });
        }

        List<Summary.AreaFigures> withCounts = new ArrayList<>();
        for (Summary.AreaFigures child : s.children()) {
            Counts c =
                    child.area().id() == null ? null : perChild.get(child.area().id());
            withCounts.add(
                    c == null
                            ? child
                            : new Summary.AreaFigures(child.area(), c.onto(child.figures()), child.downstream()));
        }
        return new Summary(
                s.area(),
                s.from(),
                s.to(),
                s.zone(),
                s.madeAt(),
                total.onto(s.total()),
                List.copyOf(withCounts),
                s.days(),
                s.downstream());
    }

    /** Whether the stream broadcast is a live session's (one that no longer exists counts as a relay). */
    private boolean isLive(String broadcastId) {
        try {
            String url = broadcasts
                    .get(Caller.system(), UUID.fromString(broadcastId))
                    .streamUrl();
            return url != null && live.isLive(url);
        } catch (IllegalArgumentException | ProblemException gone) {
            return false;
        }
    }

    /**
     * Outages per device in [from, end): gaps of {@link #OUTAGE} or more between two heard slots whose later one
     * lies in the period (the one before may lie up to a day before it; a device first heard after a longer
     * silence counts when it was installed before that silence began), and one still going at {@code end}.
     */
    private Map<UUID, Long> outages(List<Device> installed, Instant from, Instant end) {
        Map<UUID, Long> counts = new HashMap<>();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        Instant lookback = from.minus(Duration.ofDays(1));
        List<UUID> all = List.copyOf(new LinkedHashSet<>(byId.keySet()));
        Map<UUID, Instant> lastHeard = new HashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            MapSqlParameterSource params = new MapSqlParameterSource(
                            "ids", all.subList(i, Math.min(all.size(), i + 500)))
                    .addValue("lookback", Timestamp.from(lookback))
                    .addValue("from", Timestamp.from(from))
                    .addValue("end", Timestamp.from(end));
            // The gap test stays in SQL (a standard interval literal, the same on H2 and PostgreSQL), so only the
            // slots that end an outage come back, never a month of slots.
            jdbc.query(
                    "select device_id, slot_start, prev from (select device_id, slot_start, lag(slot_start) over"
                            + " (partition by device_id order by slot_start) as prev from report_heartbeat_slot"
                            + " where device_id in (:ids) and slot_start >= :lookback and slot_start < :end) s"
                            + " where slot_start >= :from and (prev is null or prev < slot_start - interval '"
                            + OUTAGE.toMinutes() + "' minute)",
                    params,
                    rs -> {
                        UUID device = rs.getObject(1, UUID.class);
                        Instant slot = rs.getTimestamp(2).toInstant();
                        boolean first = rs.getTimestamp(3) == null;
                        Instant enrolled = byId.get(device).enrolledAt();
                        if (!first || enrolled.isBefore(slot.minus(OUTAGE))) {
                            counts.merge(device, 1L, Long::sum);
                        }
                    });
            jdbc.query(
                    "select device_id, max(slot_start) from report_heartbeat_slot where device_id in (:ids)"
                            + " and slot_start >= :lookback and slot_start < :end group by device_id",
                    params,
                    rs -> {
                        lastHeard.put(
                                rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                    });
        }
        for (Device d : installed) {
            Instant last = lastHeard.get(d.id());
            Instant silentSince = last != null
                    ? last.plus(HeartbeatSlots.SLOT)
                    : (d.enrolledAt().isAfter(lookback) ? d.enrolledAt() : lookback);
            if (!silentSince.plus(OUTAGE).isAfter(end)) {
                counts.merge(d.id(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static List<Counts> countsOf(Counts total, List<Area> children, Map<UUID, Counts> perChild, String path) {
        List<Counts> counts = new ArrayList<>(2);
        counts.add(total);
        for (Area c : children) {
            if (path != null && path.startsWith(c.path())) {
                counts.add(perChild.get(c.id()));
                break;
            }
        }
        return counts;
    }

    /** One area's running counts. */
    private static final class Counts {
        long liveSeconds;
        long relaySeconds;
        long outages;
        long failedPlays;
        long relayLosses;
        long missedEmergencies;

        Summary.Figures onto(Summary.Figures f) {
            return f.withStreamsAndIncidents(
                    ReportService.minutes(liveSeconds),
                    ReportService.minutes(relaySeconds),
                    new Summary.Incidents(
                            outages + failedPlays + relayLosses + missedEmergencies,
                            outages,
                            failedPlays,
                            relayLosses,
                            missedEmergencies));
        }
    }
}
