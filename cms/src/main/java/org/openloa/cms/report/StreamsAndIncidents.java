package org.openloa.cms.report;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.device.Device;
import org.openloa.cms.edge.live.LiveStreams;
import org.openloa.cms.plan.MissedPlayCounts;
import org.openloa.cms.playlog.StreamsAndFailures;
import org.openloa.cms.problem.ProblemException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Live and relay seconds and incidents from raw rows (docs/reports.md, "Live and relay minutes" and "Incidents"),
 * per area path of each loudspeaker, over a period: {@link RawFigures} adds them to its buckets, so they are folded
 * into the daily rollups with the rest and read from there for folded days.
 *
 * <p>Outages come from this module's own heartbeat slots: a loudspeaker is <b>out</b> when at least
 * {@link #OUTAGE_SLOTS} consecutive 5-minute slots (30 minutes) passed with no heartbeat. An outage counts in the
 * period in which it ended (the device heard again), or, still going now, in the period that reaches now. So each
 * outage counts in one day only, and days add up to a period (the daily rollups rely on it).
 */
@Component
class StreamsAndIncidents {

    /** Silent slots in a row that make an outage: 6 × 5 minutes = 30 minutes. */
    static final int OUTAGE_SLOTS = 6;

    private static final Duration OUTAGE = HeartbeatSlots.SLOT.multipliedBy(OUTAGE_SLOTS);

    private final StreamsAndFailures logs;
    private final MissedPlayCounts missedPlays;
    private final BroadcastService broadcasts;
    private final LiveStreams live;
    private final NamedParameterJdbcTemplate jdbc;

    StreamsAndIncidents(
            StreamsAndFailures logs,
            MissedPlayCounts missedPlays,
            BroadcastService broadcasts,
            LiveStreams live,
            NamedParameterJdbcTemplate jdbc) {
        this.logs = logs;
        this.missedPlays = missedPlays;
        this.broadcasts = broadcasts;
        this.live = live;
        this.jdbc = jdbc;
    }

    /**
     * The streams and incidents of these installed devices (and the missed emergencies under {@code scopePath}) in
     * [from, to), per area path, counting heartbeat slots only up to {@code now}.
     */
    Map<String, RawFigures.Bucket> count(
            List<Device> installed, String scopePath, Instant from, Instant to, Instant now) {
        Instant end = to.isBefore(now) ? to : now;
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        Map<String, RawFigures.Bucket> byPath = new HashMap<>();

        // Streams and failures, from the play logs started in the period.
        Map<String, Boolean> liveBroadcast = new HashMap<>();
        for (StreamsAndFailures.Logged l : logs.between(byId.keySet(), from, to)) {
            RawFigures.Bucket b = bucket(byPath, byId.get(l.deviceId()).areaPath());
            boolean isLive = l.streamSeconds() > 0 && liveBroadcast.computeIfAbsent(l.broadcastId(), this::isLive);
            if (isLive) {
                b.liveSeconds += l.streamSeconds();
            } else {
                b.relaySeconds += l.streamSeconds() - l.lostSeconds();
            }
            b.relayLosses += l.losses();
            b.failedPlays += l.failed();
        }
        missedPlays
                .emergenciesByAreaPath(scopePath, from, to)
                .forEach((path, count) -> bucket(byPath, path).missedEmergencies += count);
        if (end.isAfter(from)) {
            outages(installed, from, end, to.isAfter(now)).forEach((device, count) -> {
                bucket(byPath, byId.get(device).areaPath()).outages += count;
            });
        }
        return byPath;
    }

    private static RawFigures.Bucket bucket(Map<String, RawFigures.Bucket> byPath, String path) {
        return byPath.computeIfAbsent(path, p -> new RawFigures.Bucket());
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
     * Outages per device in [from, end): each heard slot in the period with no slot in the 30 minutes before it
     * (a device first heard then counts when it was installed before that silence began), and, when {@code
     * reachesNow}, each installed device silent for 30 minutes at {@code end}. Looking back 30 minutes is enough
     * to tell whether a slot ends a silence, so only the period's slots are read. Many devices: one range query,
     * kept for these devices here (a long IN list is checked row by row on H2); few: 500 a query.
     */
    Map<UUID, Long> outages(List<Device> installed, Instant from, Instant end, boolean reachesNow) {
        Map<UUID, Long> counts = new HashMap<>();
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        // The gap test stays in SQL (a standard interval literal, the same on H2 and PostgreSQL), so only the
        // slots that end an outage come back, never a month of slots.
        String gaps = "select device_id, slot_start, prev from (select device_id, slot_start, lag(slot_start) over"
                + " (partition by device_id order by slot_start) as prev from report_heartbeat_slot"
                + " where %s slot_start >= :lookback and slot_start < :end) s"
                + " where slot_start >= :from and (prev is null or prev < slot_start - interval '"
                + OUTAGE.toMinutes() + "' minute)";
        // A device heard after this instant is not silent for 30 minutes at the end (slots start every 5 minutes).
        String heardLately = "select distinct device_id from report_heartbeat_slot where %s slot_start > :quiet"
                + " and slot_start < :end";
        java.util.Set<UUID> heard = new java.util.HashSet<>();
        for (MapSqlParameterSource params : chunks(byId.keySet())) {
            params.addValue("lookback", Timestamp.from(from.minus(OUTAGE)))
                    .addValue("from", Timestamp.from(from))
                    .addValue("end", Timestamp.from(end))
                    .addValue("quiet", Timestamp.from(end.minus(OUTAGE).minus(HeartbeatSlots.SLOT)));
            String ids = params.hasValue("ids") ? "device_id in (:ids) and" : "";
            jdbc.query(gaps.formatted(ids), params, rs -> {
                UUID device = rs.getObject(1, UUID.class);
                Device d = byId.get(device);
                if (d == null) {
                    return;
                }
                Instant slot = rs.getTimestamp(2).toInstant();
                boolean first = rs.getTimestamp(3) == null;
                if (!first || d.enrolledAt().isBefore(slot.minus(OUTAGE))) {
                    counts.merge(device, 1L, Long::sum);
                }
            });
            if (reachesNow) {
                jdbc.query(heardLately.formatted(ids), params, rs -> {
                    heard.add(rs.getObject(1, UUID.class));
                });
            }
        }
        if (reachesNow) {
            for (Device d : installed) {
                if (!heard.contains(d.id()) && !d.enrolledAt().plus(OUTAGE).isAfter(end)) {
                    counts.merge(d.id(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** The parameters of each query over these devices: none named when there are many (see above). */
    private static List<MapSqlParameterSource> chunks(java.util.Set<UUID> deviceIds) {
        List<UUID> all = List.copyOf(deviceIds);
        if (all.size() > 1000) {
            return List.of(new MapSqlParameterSource());
        }
        List<MapSqlParameterSource> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            chunks.add(new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500))));
        }
        return chunks;
    }
}
