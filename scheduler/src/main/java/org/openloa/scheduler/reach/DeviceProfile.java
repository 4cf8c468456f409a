package org.openloa.scheduler.reach;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * What the scheduler needs to know of a device.
 *
 * @param id    the device
 * @param zone  the time zone of the device's area: recurring schedules are read in it
 * @param areas the device's own area and every area above it (village, commune, province), so that
 *              targeting any of them reaches the device; cms resolves the tree, the scheduler does not
 * @param tags  the device's tags
 */
public record DeviceProfile(DeviceId id, ZoneId zone, Set<AreaId> areas, Set<Tag> tags) {

    public DeviceProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        areas = Set.copyOf(Objects.requireNonNull(areas, "areas"));
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (areas.isEmpty()) {
            throw new IllegalArgumentException("device " + id + " must sit under at least one area");
        }
    }
}
