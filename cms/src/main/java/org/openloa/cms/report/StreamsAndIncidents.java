package org.openloa.cms.report;

import java.time.Duration;
import java.time.Instant;
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

    static final Duration OUTAGE = HeartbeatSlots.SLOT.multipliedBy(OUTAGE_SLOTS);

    private final StreamsAndFailures logs;
    private final MissedPlayCounts missedPlays;
    private final BroadcastService broadcasts;
    private final LiveStreams live;

    StreamsAndIncidents(
            StreamsAndFailures logs, MissedPlayCounts missedPlays, BroadcastService broadcasts, LiveStreams live) {
        this.logs = logs;
        this.missedPlays = missedPlays;
        this.broadcasts = broadcasts;
        this.live = live;
    }

    /**
     * The streams and incidents of these installed devices (and the missed emergencies under {@code scopePath}) in
     * [from, to), per area path, but outages: those come from heartbeat slots, with the other figures of slots
     * ({@link RawFigures#slots}).
     */
    Map<String, RawFigures.Bucket> count(List<Device> installed, String scopePath, Instant from, Instant to) {
        Map<UUID, Device> byId = new HashMap<>();
        installed.forEach(d -> byId.put(d.id(), d));
        Map<String, RawFigures.Bucket> byPath = new HashMap<>();

        // Streams and failures, from the play logs started in the period.
        Map<String, Boolean> liveBroadcast = new HashMap<>();
        boolean byTime = RawFigures.byTime(installed, scopePath);
        for (StreamsAndFailures.Logged l : byTime ? logs.between(from, to) : logs.between(byId.keySet(), from, to)) {
            Device device = byId.get(l.deviceId());
            if (device == null) {
                continue; // read by time: a device not counted here
            }
            RawFigures.Bucket b = bucket(byPath, device.areaPath());
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
}
