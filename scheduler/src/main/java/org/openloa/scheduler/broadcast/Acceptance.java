package org.openloa.scheduler.broadcast;

import java.util.Objects;
import java.util.Set;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceProfile;

/**
 * Whether the communes a NORMAL broadcast from an upper level reaches have taken it in. Circular 39
 * lets a commune choose whether to air normal content from above; PRIORITY and EMERGENCY content airs
 * without asking, so the resolver consults this only for NORMAL broadcasts.
 *
 * @param required   false for a commune's own broadcasts, true for NORMAL content from an upper level
 * @param acceptedBy the communes (or any areas a device sits under) that accepted it
 */
public record Acceptance(boolean required, Set<AreaId> acceptedBy) {

    public static final Acceptance NOT_REQUIRED = new Acceptance(false, Set.of());

    public Acceptance {
        acceptedBy = Set.copyOf(Objects.requireNonNull(acceptedBy, "acceptedBy"));
    }

    /** Needs acceptance; accepted so far in {@code areas}. */
    public static Acceptance acceptedIn(AreaId... areas) {
        return new Acceptance(true, Set.of(areas));
    }

    /** Needs acceptance; no commune has accepted it yet. */
    public static Acceptance awaiting() {
        return new Acceptance(true, Set.of());
    }

    /** Whether a device may air it, as far as acceptance goes. */
    public boolean allows(DeviceProfile device) {
        if (!required) {
            return true;
        }
        // A device sits under a handful of areas; a province bulletin may be accepted by a hundred communes.
        Set<AreaId> few = device.areas().size() <= acceptedBy.size() ? device.areas() : acceptedBy;
        Set<AreaId> many = few == acceptedBy ? device.areas() : acceptedBy;
        for (AreaId area : few) {
            if (many.contains(area)) {
                return true;
            }
        }
        return false;
    }
}
