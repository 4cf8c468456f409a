package org.openloa.cms.device;

import java.util.UUID;

/** Filters for listing devices; null means any. */
public record DeviceQuery(UUID areaId, DeviceStatus status, String tag, boolean includeRetired) {

    public static DeviceQuery all() {
        return new DeviceQuery(null, null, null, false);
    }
}
