package org.openloa.cms.emergency;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.edge.progress.ItemProgress;
import org.openloa.cms.problem.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Builds an emergency's {@link Board}: every device it targets (under its areas, and those named directly) that
 * the caller reaches, each with the steps it reached with the current airing, read from the edge's
 * {@link ItemProgress}, and its connection.
 */
@Component
class Boards {

    private final DeviceService devices;
    private final BroadcastService broadcasts;
    private final ItemProgress progress;
    private final Clock clock;

    Boards(DeviceService devices, BroadcastService broadcasts, ItemProgress progress, Clock clock) {
        this.devices = devices;
        this.broadcasts = broadcasts;
        this.progress = progress;
        this.clock = clock;
    }

    Board of(Caller caller, Emergency emergency) {
        Instant now = clock.instant();
        Map<UUID, Device> targeted = new LinkedHashMap<>();
        for (Emergency.Target area : emergency.areas()) {
            for (Device device : devices.list(Caller.system(), new DeviceQuery(area.areaId(), null, null, false))) {
                targeted.putIfAbsent(device.id(), device);
            }
        }
        for (UUID id : emergency.deviceIds()) {
            try {
                targeted.putIfAbsent(id, devices.get(Caller.system(), id));
            } catch (ProblemException gone) {
                // retired or removed since: not on the board
            }
        }
        targeted.values().removeIf(d -> d.retired() || !caller.reaches(d.areaPath()));

        // The airing a device is at: the latest that has started, else the first.
        List<UUID> airings = emergency.broadcastIds();
        Map<UUID, Instant> startOf = new HashMap<>();
        for (UUID id : airings) {
            try {
                startOf.put(id, broadcasts.get(Caller.system(), id).startsAt());
            } catch (ProblemException gone) {
                // deleted by hand: nothing to show for it
            }
        }
        Map<UUID, ItemProgress.DeviceProgress> current = new HashMap<>();
        for (ItemProgress.DeviceProgress p : progress.of(airings)) {
            ItemProgress.DeviceProgress had = current.get(p.deviceId());
            if (had == null || rank(p, startOf, now).compareTo(rank(had, startOf, now)) > 0) {
                current.put(p.deviceId(), p);
            }
        }

        List<Board.Row> rows = new ArrayList<>();
        for (Device device : targeted.values()) {
            rows.add(row(device, current.get(device.id()), now));
        }
        rows.sort(Comparator.comparing((Board.Row r) -> r.state().ordinal()).thenComparing(Board.Row::name));
        return new Board(emergency.id(), emergency.state(), Board.Counts.of(rows), rows);
    }

    /** Later started airings rank higher; those not started yet rank below every started one, earliest first. */
    private static Instant rank(ItemProgress.DeviceProgress p, Map<UUID, Instant> startOf, Instant now) {
        Instant start = startOf.get(broadcastOf(p.itemId()));
        if (start == null) {
            return Instant.MIN;
        }
        return start.isAfter(now) ? Instant.EPOCH.minusSeconds(start.getEpochSecond()) : start;
    }

    private static UUID broadcastOf(String itemId) {
        int at = itemId.indexOf('@');
        try {
            return UUID.fromString(at < 0 ? itemId : itemId.substring(0, at));
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static Board.Row row(Device device, ItemProgress.DeviceProgress p, Instant now) {
        DeviceStatus connection = device.statusAt(now);
        // In the order the server learned of them (ItemProgress's order), each state once, at its first time.
        Map<Board.DeviceState, ItemProgress.Reached> firstReached = new LinkedHashMap<>();
        Board.DeviceState state = Board.DeviceState.WAITING;
        Instant since = null;
        String reason = null;
        if (p != null) {
            for (ItemProgress.Reached reached : p.steps()) {
                Board.DeviceState s = stateOf(reached.step());
                firstReached.putIfAbsent(s, reached);
                state = s;
                since = reached.at();
                reason = reached.reason();
            }
        }
        boolean nothingReached = state == Board.DeviceState.WAITING || state == Board.DeviceState.WOKE_UP;
        if (nothingReached && connection != DeviceStatus.ONLINE) {
            state = Board.DeviceState.OFFLINE;
            since = device.offlineSince() != null ? device.offlineSince() : device.lastSeenAt();
        }
        List<Board.Step> steps = new ArrayList<>();
        firstReached.forEach((s, r) -> steps.add(new Board.Step(s, r.at(), r.arrivedAt())));
        return new Board.Row(
                device.id(), device.name(), device.areaPath(), connection, state, since, List.copyOf(steps), reason);
    }

    private static Board.DeviceState stateOf(ItemProgress.Step step) {
        return switch (step) {
            case SENT -> Board.DeviceState.WOKE_UP;
            case RECEIVED -> Board.DeviceState.DOWNLOADING;
            case READY -> Board.DeviceState.READY;
            case STARTED -> Board.DeviceState.PLAYING;
            case ENDED, PLAYED -> Board.DeviceState.PLAYED;
            case INTERRUPTED -> Board.DeviceState.STOPPED;
            case FAILED, SKIPPED, LATE -> Board.DeviceState.FAILED;
        };
    }
}
