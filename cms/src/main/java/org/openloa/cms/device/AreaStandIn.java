package org.openloa.cms.device;

import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Tag;

/**
 * A device standing in for an area that has none yet: the scheduler judges the area as if one device were
 * placed there, so its programme and conflicts show before devices arrive. Its id is no real device's (those
 * are UUIDs), so it never reaches a list of devices.
 */
public record AreaStandIn(UUID areaId, String areaPath, ZoneId zone, Set<Tag> tags) {

    private static final String PREFIX = "area:";

    public DeviceId deviceId() {
        return new DeviceId(PREFIX + areaId);
    }

    /** The profile the scheduler plans for: the area's zone, the area and every area above it, the tags. */
    public DeviceProfile profile() {
        return new DeviceProfile(deviceId(), zone, DeviceProfiles.areasOf(areaPath), tags);
    }

    /** Whether a device in a plan or a conflict is a stand-in rather than a real device. */
    public static boolean standsIn(DeviceId device) {
        return device.value().startsWith(PREFIX);
    }
}
