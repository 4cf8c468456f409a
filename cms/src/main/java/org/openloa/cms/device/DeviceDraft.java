package org.openloa.cms.device;

import java.util.List;
import java.util.UUID;

/**
 * A new device, or the fields of a change (null: keep as it is).
 *
 * @param quietHours local stretches such as "22:00-05:00" (comma separated); blank clears them
 */
public record DeviceDraft(
        String name,
        UUID areaId,
        List<String> tags,
        Double lat,
        Double lon,
        Integer volume,
        Integer pollSeconds,
        String quietHours) {

    /** Without quiet hours (they stay as they are). */
    public DeviceDraft(
            String name, UUID areaId, List<String> tags, Double lat, Double lon, Integer volume, Integer pollSeconds) {
        this(name, areaId, tags, lat, lon, volume, pollSeconds, null);
    }
}
