package org.openloa.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Reach;

/**
 * Lists the clashes a broadcast would cause, for the UI to show before it is saved: same priority, same
 * device, overlapping scheduled time. Other overlaps are not conflicts, since the rules settle them
 * (an emergency interrupts, a PRIORITY item goes first); the plan shows their outcome.
 *
 * <p>The proposed broadcast is judged as if active (it is about to be saved, and may be resumed later);
 * an existing one counts only where it airs (active, reaching the device, accepted there). An existing
 * broadcast with the proposed one's id is its own older version and is skipped.
 */
public final class ConflictFinder {

    private static final Comparator<Conflict> ORDER = Comparator.comparing(Conflict::proposedStart)
            .thenComparing(Conflict::existingStart)
            .thenComparing(Conflict::existing);

    private ConflictFinder() {}

    /** Conflicts whose overlap lies at least partly inside {@code window}, ordered by proposed start. */
    public static List<Conflict> find(
            Broadcast proposed, Collection<Broadcast> existing, Collection<DeviceProfile> devices, Window window) {
        Objects.requireNonNull(proposed, "proposed");
        Broadcast candidate = proposed.withState(BroadcastState.ACTIVE);
        Map<ZoneId, List<DeviceProfile>> byZone = new TreeMap<>(Comparator.comparing(ZoneId::getId));
        for (DeviceProfile device : devices) {
            if (candidate.airsOn(device)) {
                byZone.computeIfAbsent(device.zone(), z -> new ArrayList<>()).add(device);
            }
        }
        // Indexed by area and tag: at national scale thousands of broadcasts are each matched against the devices the
        // proposed one reaches (a province: 1,500), and testing every pair was most of a change's cost.
        Map<ZoneId, Reach> reachByZone = new HashMap<>();
        for (Map.Entry<ZoneId, List<DeviceProfile>> zone : byZone.entrySet()) {
            Map<DeviceId, DeviceProfile> distinct = new LinkedHashMap<>();
            zone.getValue().forEach(d -> distinct.putIfAbsent(d.id(), d));
            reachByZone.put(zone.getKey(), Reach.of(distinct.values()));
        }
        Map<ZoneId, List<Instant>> proposedStarts = new HashMap<>();
        Map<Key, TreeSet<DeviceId>> clashes = new HashMap<>();
        Map<BroadcastId, Broadcast> others = new HashMap<>();
        for (Broadcast other : existing) {
            if (other.id().equals(proposed.id())
                    || other.priority() != proposed.priority()
                    || other.state() != BroadcastState.ACTIVE) {
                continue;
            }
            for (Map.Entry<ZoneId, List<DeviceProfile>> zone : byZone.entrySet()) {
                List<DeviceId> shared = new ArrayList<>();
                for (DeviceProfile device : reachByZone.get(zone.getKey()).devicesReachedBy(other.targets())) {
                    if (other.airsOn(device)) {
                        shared.add(device.id());
                    }
                }
                if (shared.isEmpty()) {
                    continue;
                }
                others.put(other.id(), other);
                List<Instant> mine =
                        proposedStarts.computeIfAbsent(zone.getKey(), z -> startsOverlapping(candidate, z, window));
                List<Instant> theirs = startsOverlapping(other, zone.getKey(), window);
                collect(candidate, mine, other, theirs, window, shared, clashes);
            }
        }
        List<Conflict> conflicts = new ArrayList<>(clashes.size());
        for (Map.Entry<Key, TreeSet<DeviceId>> clash : clashes.entrySet()) {
            Key key = clash.getKey();
            Broadcast other = others.get(key.existing);
            conflicts.add(new Conflict(
                    proposed.id(),
                    other.id(),
                    proposed.priority(),
                    key.proposedStart,
                    key.proposedStart.plus(proposed.occurrenceLength()),
                    key.existingStart,
                    key.existingStart.plus(other.occurrenceLength()),
                    playsFirst(candidate, key.proposedStart, other, key.existingStart),
                    new ArrayList<>(clash.getValue())));
        }
        conflicts.sort(ORDER);
        return conflicts;
    }

    /** Starts of the occurrences whose span reaches into the window (an earlier start may still run into it). */
    private static List<Instant> startsOverlapping(Broadcast broadcast, ZoneId zone, Window window) {
        return broadcast.schedule().occurrences(zone, window.extendedBack(broadcast.occurrenceLength()));
    }

    /** Both lists ascend and each broadcast's occurrences share one length, so ends ascend too: a merge. */
    private static void collect(
            Broadcast proposed,
            List<Instant> mine,
            Broadcast other,
            List<Instant> theirs,
            Window window,
            List<DeviceId> devices,
            Map<Key, TreeSet<DeviceId>> clashes) {
        Duration myLength = proposed.occurrenceLength();
        Duration theirLength = other.occurrenceLength();
        int first = 0;
        for (Instant myStart : mine) {
            Instant myEnd = myStart.plus(myLength);
            while (first < theirs.size() && !theirs.get(first).plus(theirLength).isAfter(myStart)) {
                first++;
            }
            for (int j = first; j < theirs.size() && theirs.get(j).isBefore(myEnd); j++) {
                Instant theirStart = theirs.get(j);
                Instant theirEnd = theirStart.plus(theirLength);
                Instant overlapStart = myStart.isAfter(theirStart) ? myStart : theirStart;
                Instant overlapEnd = myEnd.isBefore(theirEnd) ? myEnd : theirEnd;
                if (window.overlaps(overlapStart, overlapEnd)) {
                    clashes.computeIfAbsent(new Key(other.id(), myStart, theirStart), k -> new TreeSet<>())
                            .addAll(devices);
                }
            }
        }
    }

    /** The resolver's tie-break between equal priorities: earlier start, then earlier creation, then id. */
    private static BroadcastId playsFirst(
            Broadcast proposed, Instant proposedStart, Broadcast other, Instant otherStart) {
        int order = proposedStart.compareTo(otherStart);
        if (order == 0) {
            order = proposed.createdAt().compareTo(other.createdAt());
        }
        if (order == 0) {
            order = proposed.id().compareTo(other.id());
        }
        return order <= 0 ? proposed.id() : other.id();
    }

    private record Key(BroadcastId existing, Instant proposedStart, Instant existingStart) {}
}
