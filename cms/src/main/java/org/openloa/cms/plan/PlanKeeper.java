package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.BroadcastChanged;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.device.DeviceChanged;
import org.openloa.cms.device.DeviceManifestChanged;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.plan.Plan;
import org.openloa.scheduler.plan.PlanResolver;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Reach;
import org.openloa.scheduler.reach.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps plan versions true, in the transaction of each change. A broadcast change re-plans only the devices
 * its targets reach before or after the change (the scheduler's {@link Reach#affectedByChange}); a device
 * change re-plans that device. For each, the plan over the next horizon is resolved as it was and as it is,
 * and only the devices whose items or unplaced occurrences differ get a new version and a wake-up.
 */
@Component
class PlanKeeper {

    private static final Logger log = LoggerFactory.getLogger(PlanKeeper.class);

    private final DeviceProfiles devices;
    private final Programmes programmes;
    private final AreaService areas;
    private final PlanVersions versions;
    private final EdgeTriggers triggers;
    private final JobSettings settings;
    private final Clock clock;

    PlanKeeper(
            DeviceProfiles devices,
            Programmes programmes,
            AreaService areas,
            PlanVersions versions,
            EdgeTriggers triggers,
            JobSettings settings,
            Clock clock) {
        this.devices = devices;
        this.programmes = programmes;
        this.areas = areas;
        this.versions = versions;
        this.triggers = triggers;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    void broadcastChanged(BroadcastChanged change) {
        Broadcast before = change.before();
        Broadcast after = change.after();
        if (after != null && after.state() != BroadcastState.ENDED && change.endsAt() != null) {
            triggers.endBroadcastAt(change.broadcastId(), change.endsAt());
        } else {
            triggers.cancelBroadcastEnd(change.broadcastId());
        }
        List<DeviceProfile> candidates = devices.withNamed(
                devices.profilesUnder(paths(before, after), tags(before, after)), named(before, after));
        if (candidates.isEmpty()) {
            return;
        }
        Reach reach = Reach.of(candidates);
        Set<DeviceId> affectedIds = reach.affectedByChange(
                before == null ? null : before.targets(), after == null ? null : after.targets());
        List<DeviceProfile> affected = reach.devices().stream()
                .filter(d -> affectedIds.contains(d.id()))
                .toList();
        if (affected.isEmpty()) {
            return;
        }
        // Only the broadcasts that reach one of these devices can place anything in their plans: at national scale a
        // commune's change reads tens of the 5,000, not all of them (as a manifest's single resolution does).
        String key = change.broadcastId().toString();
        Reach reached = Reach.of(affected);
        List<Broadcast> others = new ArrayList<>();
        for (Map.Entry<String, Broadcast> entry : programmes.live().scheduled().entrySet()) {
            if (!entry.getKey().equals(key)
                    && reached.reachesAny(entry.getValue().targets())) {
                others.add(entry.getValue());
            }
        }
        Set<UUID> changed = differing(
                affected,
                with(others, before),
                with(others, after),
                window(clock.instant()).extendedBack(lookBack(before, after)));
        record(changed, "broadcast " + key);
    }

    @EventListener
    void deviceChanged(DeviceChanged change) {
        Instant now = clock.instant();
        if (change.before() == null) {
            versions.start(change.deviceId(), now);
        }
        if (change.after() == null && change.before() != null) {
            // Retired: its credential is revoked. The version moves so that every node's manifest cache (which
            // follows device_plan) forgets the device, and the box learns at once that it is refused.
            record(Set.of(change.deviceId()), "device " + change.deviceId() + " retired");
            return;
        }
        if (change.after() == null || change.before() == null) {
            // A new device has no plan to compare with (its version starts at 1); a retired one gets none.
            if (change.before() == null && change.after() != null) {
                log.debug("Device {} starts with plan version 1", change.deviceId());
            }
            return;
        }
        Collection<Broadcast> live = programmes.live().all();
        PlanResolver resolver = new PlanResolver(clock);
        Window window = window(now);
        Plan was = resolver.resolve(change.before(), live, window);
        Plan is = resolver.resolve(change.after(), live, window);
        if (!was.items().equals(is.items()) || !was.unplaced().equals(is.unplaced())) {
            record(Set.of(change.deviceId()), "device " + change.deviceId());
        }
    }

    /** Settings, commands or the credential changed: what the manifest carries, though not the plan. */
    @EventListener
    void manifestChanged(DeviceManifestChanged change) {
        if (change.wake()) {
            record(Set.of(change.deviceId()), change.reason());
        } else {
            versions.bumpQuietly(change.deviceId(), clock.instant());
        }
    }

    /**
     * How far back a change of this broadcast can matter to a box: an occurrence of it that started up to its
     * length and allowed delay ago may still be (about to be) on air and is still in the manifests. Taking it off
     * air, or replacing it, must change those manifests now, not at the next hour.
     */
    private static java.time.Duration lookBack(Broadcast... versions) {
        java.time.Duration back = java.time.Duration.ZERO;
        for (Broadcast version : versions) {
            if (version != null) {
                java.time.Duration candidate = version.occurrenceLength().plus(version.maxDelay());
                back = candidate.compareTo(back) > 0 ? candidate : back;
            }
        }
        return back;
    }

    /** These broadcasts and one version of the changed one (none when it is gone or ended). */
    private static List<Broadcast> with(List<Broadcast> others, Broadcast version) {
        List<Broadcast> all = new ArrayList<>(others.size() + 1);
        all.addAll(others);
        if (version != null && version.state() != BroadcastState.ENDED) {
            all.add(version);
        }
        return all;
    }

    private Set<UUID> differing(
            List<DeviceProfile> devices, List<Broadcast> before, List<Broadcast> after, Window window) {
        PlanResolver resolver = new PlanResolver(clock);
        Map<DeviceId, Plan> was = resolver.resolveAll(devices, before, window);
        Map<DeviceId, Plan> is = resolver.resolveAll(devices, after, window);
        Set<UUID> changed = new LinkedHashSet<>();
        for (DeviceProfile device : devices) {
            Plan a = was.get(device.id());
            Plan b = is.get(device.id());
            if (!a.items().equals(b.items()) || !a.unplaced().equals(b.unplaced())) {
                changed.add(UUID.fromString(device.id().value()));
            }
        }
        return changed;
    }

    private void record(Set<UUID> changed, String cause) {
        if (changed.isEmpty()) {
            return;
        }
        versions.bump(changed, clock.instant());
        triggers.notifyPlansChanged();
        log.debug("{} changed the plan of {} device(s)", cause, changed.size());
    }

    private Window window(Instant now) {
        return Window.of(now, settings.planHorizon());
    }

    private List<String> paths(Broadcast... versions) {
        List<String> paths = new ArrayList<>();
        for (Broadcast version : versions) {
            if (version == null) {
                continue;
            }
            for (AreaId area : version.targets().areas()) {
                areas.find(UUID.fromString(area.value())).ifPresent(a -> paths.add(a.path()));
            }
        }
        return paths;
    }

    /** The devices the versions name one by one (reached whatever area they sit in). */
    private static Set<DeviceId> named(Broadcast... versions) {
        Set<DeviceId> named = new LinkedHashSet<>();
        for (Broadcast version : versions) {
            if (version != null) {
                named.addAll(version.targets().devices());
            }
        }
        return named;
    }

    private static List<String> tags(Broadcast... versions) {
        List<String> tags = new ArrayList<>();
        for (Broadcast version : versions) {
            if (version != null && version.targets().areas().isEmpty()) {
                // Tags narrow the areas; only a broadcast aimed at tags alone must find its devices by tag.
                version.targets().tags().stream()
                        .map(Tag::value)
                        .filter(Objects::nonNull)
                        .forEach(tags::add);
            }
        }
        return tags;
    }
}
