package org.openloa.scheduler.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Reach;

/**
 * Resolves devices' plans: a pure function of the device, the broadcasts, the window and the injected
 * clock (which only stamps {@link Plan#resolvedAt()} and anchors {@link #resolveAhead}). No I/O, no
 * shared state: one instance may serve many threads.
 *
 * <p><b>Window.</b> A plan for {@code [from, to)} lists every item that overlaps it. To know what is
 * already playing at {@code from}, and what that pushes back, the resolver also takes in occurrences
 * that start up to a look-back before {@code from}: the longest (occurrence length + allowed delay)
 * among the broadcasts that air on the device, which is as far back as any of their parts can start
 * and still be playing at {@code from}. Consecutive windows therefore agree wherever the device falls
 * idle within that look-back, which a broadcasting day, made of sessions with silence between, does.
 */
public final class PlanResolver {

    private static final Comparator<Unplaced> UNPLACED_ORDER = Comparator.comparing(Unplaced::wantedStart)
            .thenComparing(u -> u.priority().ordinal(), Comparator.reverseOrder())
            .thenComparing(Unplaced::broadcast)
            .thenComparing(Unplaced::occurrence)
            .thenComparingInt(Unplaced::part);

    private final Clock clock;

    public PlanResolver(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One device's plan. {@code broadcasts} may hold broadcasts that do not reach the device; they are
     * ignored, so cms may pass a superset.
     */
    public Plan resolve(DeviceProfile device, Collection<Broadcast> broadcasts, Window window) {
        List<Broadcast> reaching = new ArrayList<>();
        for (Broadcast broadcast : distinct(broadcasts)) {
            if (broadcast.state() != BroadcastState.ENDED && broadcast.reaches(device)) {
                reaching.add(broadcast);
            }
        }
        return resolveOne(device, reaching, new Batch(window, reaching), clock.instant());
    }

    /** One device's plan from the clock's now for {@code horizon}: what the edge manifest carries. */
    public Plan resolveAhead(DeviceProfile device, Collection<Broadcast> broadcasts, Duration horizon) {
        return resolve(device, broadcasts, Window.of(clock.instant(), horizon));
    }

    /**
     * The plans of many devices at once, in the order the devices are given. Same result as
     * {@link #resolve} per device, faster: each broadcast is expanded once per zone, not once per device,
     * and devices that hear exactly the same broadcasts (same zone, same broadcasts, same acceptance)
     * share one timeline, resolved once.
     * After a change, pass only the devices {@link Reach#affectedByChange} names.
     */
    public Map<DeviceId, Plan> resolveAll(
            Collection<DeviceProfile> devices, Collection<Broadcast> broadcasts, Window window) {
        List<Broadcast> live = new ArrayList<>();
        for (Broadcast broadcast : distinct(broadcasts)) {
            if (broadcast.state() != BroadcastState.ENDED) {
                live.add(broadcast);
            }
        }
        Reach reach = Reach.of(devices);
        Map<DeviceId, List<Broadcast>> byDevice = reach.byDevice(live, Broadcast::targets);
        Batch batch = new Batch(window, live);
        Instant resolvedAt = clock.instant();
        Map<Broadcast, Integer> positions = new IdentityHashMap<>();
        for (int i = 0; i < live.size(); i++) {
            positions.put(live.get(i), i);
        }
        Map<Hearing, Plan> resolved = new HashMap<>();
        Map<DeviceId, Plan> plans = new LinkedHashMap<>();
        for (DeviceProfile device : reach.devices()) {
            List<Broadcast> reaching = byDevice.get(device.id());
            Hearing hearing = Hearing.of(device, reaching, positions);
            Plan same = resolved.get(hearing);
            Plan plan;
            if (same == null) {
                plan = resolveOne(device, reaching, batch, resolvedAt);
                resolved.put(hearing, plan);
            } else {
                plan = new Plan(device.id(), device.zone(), window, resolvedAt, same.items(), same.unplaced());
            }
            plans.put(device.id(), plan);
        }
        return plans;
    }

    /**
     * Everything a plan depends on besides the window: the zone, which broadcasts reach the device, and
     * whether each is accepted there. Two devices with the same hearing get the same timeline (the
     * devices of one village, say), so it is resolved once and shared; the lists are immutable.
     */
    private record Hearing(ZoneId zone, int[] broadcasts, BitSet accepted) {

        static Hearing of(DeviceProfile device, List<Broadcast> reaching, Map<Broadcast, Integer> positions) {
            int[] broadcasts = new int[reaching.size()];
            BitSet accepted = new BitSet(reaching.size());
            for (int i = 0; i < broadcasts.length; i++) {
                Broadcast broadcast = reaching.get(i);
                broadcasts[i] = positions.get(broadcast);
                accepted.set(i, broadcast.acceptedFor(device));
            }
            return new Hearing(device.zone(), broadcasts, accepted);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hearing that
                    && zone.equals(that.zone)
                    && Arrays.equals(broadcasts, that.broadcasts)
                    && accepted.equals(that.accepted);
        }

        @Override
        public int hashCode() {
            return (zone.hashCode() * 31 + Arrays.hashCode(broadcasts)) * 31 + accepted.hashCode();
        }
    }

    private static Plan resolveOne(DeviceProfile device, List<Broadcast> reaching, Batch batch, Instant resolvedAt) {
        Window window = batch.window;
        Duration lookBack = Duration.ZERO;
        for (Broadcast broadcast : reaching) {
            Duration candidate = batch.programme(broadcast).lookBack;
            if (broadcast.airsOn(device) && candidate.compareTo(lookBack) > 0) {
                lookBack = candidate;
            }
        }
        Instant earliest = window.from().minus(lookBack);
        List<Request> requests = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (Broadcast broadcast : reaching) {
            Programme programme = batch.programme(broadcast);
            List<Instant> occurrences = batch.occurrences(broadcast, device.zone());
            if (broadcast.state() == BroadcastState.PAUSED || !broadcast.acceptedFor(device)) {
                Unplaced.Reason reason = broadcast.state() == BroadcastState.PAUSED
                        ? Unplaced.Reason.PAUSED
                        : Unplaced.Reason.NOT_ACCEPTED;
                for (int i = firstNotBefore(occurrences, window.from()); i < occurrences.size(); i++) {
                    unplaced.add(
                            Timeline.unplaced(Request.whole(programme, occurrences.get(i)), reason, Optional.empty()));
                }
                continue;
            }
            for (int i = firstNotBefore(occurrences, earliest); i < occurrences.size(); i++) {
                requests.add(Request.whole(programme, occurrences.get(i)));
            }
        }
        Timeline timeline = Timeline.of(requests);
        List<PlanItem> items = new ArrayList<>(timeline.items.size());
        for (PlanItem item : timeline.items) {
            if (window.overlaps(item.start(), item.end())) {
                items.add(item);
            }
        }
        for (Unplaced missing : timeline.unplaced) {
            if (window.contains(missing.wantedStart())) {
                unplaced.add(missing);
            }
        }
        unplaced.sort(UNPLACED_ORDER);
        return new Plan(device.id(), device.zone(), window, resolvedAt, items, unplaced);
    }

    private static int firstNotBefore(List<Instant> ascending, Instant instant) {
        int low = 0;
        int high = ascending.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ascending.get(middle).isBefore(instant)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static Collection<Broadcast> distinct(Collection<Broadcast> broadcasts) {
        Set<BroadcastId> ids = new HashSet<>();
        for (Broadcast broadcast : broadcasts) {
            if (!ids.add(broadcast.id())) {
                throw new IllegalArgumentException("broadcast " + broadcast.id() + " is listed twice");
            }
        }
        return broadcasts;
    }

    /**
     * What one resolution shares between devices: each broadcast's programme, and its occurrences per zone
     * over the window stretched back by the longest look-back, expanded on first use. Keyed by identity:
     * the same objects flow in from the caller, and hashing a whole broadcast would cost more than it saves.
     */
    private static final class Batch {

        final Window window;
        private final Window expansion;
        private final Map<Broadcast, Programme> programmes = new IdentityHashMap<>();
        private final Map<Broadcast, Map<ZoneId, List<Instant>>> occurrences = new IdentityHashMap<>();

        Batch(Window window, List<Broadcast> broadcasts) {
            this.window = Objects.requireNonNull(window, "window");
            Duration longest = Duration.ZERO;
            for (Broadcast broadcast : broadcasts) {
                Programme programme = new Programme(broadcast);
                programmes.put(broadcast, programme);
                if (programme.lookBack.compareTo(longest) > 0) {
                    longest = programme.lookBack;
                }
            }
            this.expansion = window.extendedBack(longest);
        }

        Programme programme(Broadcast broadcast) {
            return programmes.get(broadcast);
        }

        List<Instant> occurrences(Broadcast broadcast, ZoneId zone) {
            return occurrences
                    .computeIfAbsent(broadcast, b -> new HashMap<>(2))
                    .computeIfAbsent(zone, z -> broadcast.schedule().occurrences(z, expansion));
        }
    }
}
