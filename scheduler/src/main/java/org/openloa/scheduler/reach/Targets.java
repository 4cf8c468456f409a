package org.openloa.scheduler.reach;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/**
 * Where a broadcast goes. A device is reached when both hold:
 * <ul>
 *   <li>{@code areas} is empty, or the device sits under at least one of them;</li>
 *   <li>{@code tags} is empty, or the device carries at least one of them.</li>
 * </ul>
 * So areas and tags narrow each other ("the market loudspeakers of commune X"); tags alone reach every
 * device with the tag (cms has already limited the operator to their own areas). Both empty is refused:
 * a broadcast to every device must name the province.
 */
public record Targets(Set<AreaId> areas, Set<Tag> tags) {

    public Targets {
        areas = areas == null ? Set.of() : Set.copyOf(areas);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        List<RuleViolation> violations = new ArrayList<>();
        if (areas.isEmpty() && tags.isEmpty()) {
            violations.add(new RuleViolation("targets", Rule.NO_TARGETS, "name at least one area or tag"));
        }
        RuleViolationException.throwIfAny(violations);
    }

    public static Targets areas(AreaId... areas) {
        return new Targets(Set.of(areas), Set.of());
    }

    public boolean reaches(DeviceProfile device) {
        return (areas.isEmpty() || intersects(areas, device.areas()))
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
