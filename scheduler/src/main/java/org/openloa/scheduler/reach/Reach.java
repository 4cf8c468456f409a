package org.openloa.scheduler.reach;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An index of devices by area and tag. Build it once from the devices cms knows; it answers which
 * devices a set of targets reaches without testing every device, and, after a broadcast changes, which
 * devices need a new plan: those reached before the change and those reached after it, no others.
 *
 * <p>Answers list devices in the order they were given, so results are deterministic.
 */
public final class Reach {

    private final List<DeviceProfile> devices;
    private final Map<AreaId, BitSet> byArea = new HashMap<>();
    private final Map<Tag, BitSet> byTag = new HashMap<>();
    private final Map<DeviceId, Integer> byId = new HashMap<>();

    private Reach(List<DeviceProfile> devices) {
        this.devices = devices;
        Set<DeviceId> seen = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceProfile device = devices.get(i);
            byId.put(device.id(), i);
            if (!seen.add(device.id())) {
                throw new IllegalArgumentException("device " + device.id() + " is listed twice");
            }
            for (AreaId area : device.areas()) {
                byArea.computeIfAbsent(area, a -> new BitSet()).set(i);
            }
            for (Tag tag : device.tags()) {
                byTag.computeIfAbsent(tag, t -> new BitSet()).set(i);
            }
        }
    }

    public static Reach of(Collection<DeviceProfile> devices) {
        return new Reach(List.copyOf(devices));
    }

    public List<DeviceProfile> devices() {
        return devices;
    }

    /** The devices {@code targets} reach, in index order. */
    public List<DeviceProfile> devicesReachedBy(Targets targets) {
        BitSet reached = positions(targets);
        List<DeviceProfile> result = new ArrayList<>(reached.cardinality());
        for (int i = reached.nextSetBit(0); i >= 0; i = reached.nextSetBit(i + 1)) {
            result.add(devices.get(i));
        }
        return result;
    }

    /**
     * The devices whose plan a change of targets can alter: reached before or after. Pass null as
     * {@code before} for a new broadcast and as {@code after} for a deleted one. A change of schedule,
     * content, priority or state with the same targets alters exactly the devices those targets reach.
     */
    public Set<DeviceId> affectedByChange(Targets before, Targets after) {
        BitSet affected = new BitSet();
        if (before != null) {
            affected.or(positions(before));
        }
        if (after != null) {
            affected.or(positions(after));
        }
        Set<DeviceId> ids = new LinkedHashSet<>();
        for (int i = affected.nextSetBit(0); i >= 0; i = affected.nextSetBit(i + 1)) {
            ids.add(devices.get(i).id());
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * For every indexed device (in index order, including those nothing reaches), the items whose targets
     * reach it, in the order the items were given. Used to hand each device only its broadcasts.
     */
    public <T> Map<DeviceId, List<T>> byDevice(Collection<T> items, Function<? super T, Targets> targetsOf) {
        List<List<T>> perDevice = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            perDevice.add(new ArrayList<>());
        }
        for (T item : items) {
            BitSet reached = positions(targetsOf.apply(item));
            for (int i = reached.nextSetBit(0); i >= 0; i = reached.nextSetBit(i + 1)) {
                perDevice.get(i).add(item);
            }
        }
        Map<DeviceId, List<T>> result = new LinkedHashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            result.put(devices.get(i).id(), perDevice.get(i));
        }
        return result;
    }

    /** Whether {@code targets} reach any of the indexed devices: what a re-plan of only these devices must read. */
    public boolean reachesAny(Targets targets) {
        return !positions(targets).isEmpty();
    }

    /** The selection by areas and tags (see {@link Targets}), then the devices named one by one added to it. */
    private BitSet positions(Targets targets) {
        BitSet selected = selected(targets);
        for (DeviceId device : targets.devices()) {
            Integer position = byId.get(device);
            if (position != null) {
                selected.set(position);
            }
        }
        return selected;
    }

    private BitSet selected(Targets targets) {
        BitSet areas = union(targets.areas(), byArea);
        BitSet tags = union(targets.tags(), byTag);
        if (targets.areas().isEmpty()) {
            return tags;
        }
        if (!targets.tags().isEmpty()) {
            areas.and(tags);
        }
        return areas;
    }

    private static <K> BitSet union(Set<K> keys, Map<K, BitSet> index) {
        BitSet union = new BitSet();
        for (K key : keys) {
            BitSet members = index.get(key);
            if (members != null) {
                union.or(members);
            }
        }
        return union;
    }
}
