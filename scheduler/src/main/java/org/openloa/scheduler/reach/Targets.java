package org.openloa.scheduler.reach;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/**
 * Where a broadcast goes: a selection by areas and tags, together with devices named one by one. A device
 * is reached when it is one of {@code devices}, or when areas or tags are named and both hold:
 * <ul>
 *   <li>{@code areas} is empty, or the device sits under at least one of them;</li>
 *   <li>{@code tags} is empty, or the device carries at least one of them.</li>
 * </ul>
 * So areas and tags narrow each other ("the market loudspeakers of commune X"); tags alone reach every
 * device with the tag (cms has already limited the operator to their own areas). Named devices are added
 * to that selection (a union, never narrowed by the areas or tags): a CAP alert's polygon picks devices by
 * where they stand, whatever area they sit in. With devices alone, only those devices are reached. All three
 * empty is refused: a broadcast to every device must name the province.
 */
public record Targets(Set<AreaId> areas, Set<Tag> tags, Set<DeviceId> devices) {

    public Targets {
        areas = areas == null ? Set.of() : Set.copyOf(areas);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        devices = devices == null ? Set.of() : Set.copyOf(devices);
        List<RuleViolation> violations = new ArrayList<>();
        if (areas.isEmpty() && tags.isEmpty() && devices.isEmpty()) {
            violations.add(new RuleViolation("targets", Rule.NO_TARGETS, "name at least one area, tag or device"));
        }
        RuleViolationException.throwIfAny(violations);
    }

    /** Areas and tags, no device named one by one. */
    public Targets(Set<AreaId> areas, Set<Tag> tags) {
        this(areas, tags, Set.of());
    }

    public static Targets areas(AreaId... areas) {
        return new Targets(Set.of(areas), Set.of());
    }

    public static Targets devices(DeviceId... devices) {
        return new Targets(Set.of(), Set.of(), Set.of(devices));
    }

    /** Whether areas or tags select devices (besides those named one by one). */
    public boolean selects() {
        return !areas.isEmpty() || !tags.isEmpty();
    }

    public boolean reaches(DeviceProfile device) {
        if (devices.contains(device.id())) {
            return true;
        }
        return selects()
                && (areas.isEmpty() || intersects(areas, device.areas()))
                && (tags.isEmpty() || intersects(tags, device.tags()));
    }

    private static <T> boolean intersects(Set<T> mine, Set<T> theirs) {
        Set<T> small = mine.size() <= theirs.size() ? mine : theirs;
        Set<T> large = small == mine ? theirs : mine;
        for (T value : small) {
            if (large.contains(value)) {
                return true;
            }
        }
        return false;
    }
}
