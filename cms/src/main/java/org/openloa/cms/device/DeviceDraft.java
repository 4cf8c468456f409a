package org.openloa.cms.device;

import java.util.List;
import java.util.UUID;

/** A new device, or the fields of a change (null: keep as it is). */
public record DeviceDraft(String name, UUID areaId, List<String> tags, Double lat, Double lon, Integer volume,
		Integer pollSeconds) {
}
