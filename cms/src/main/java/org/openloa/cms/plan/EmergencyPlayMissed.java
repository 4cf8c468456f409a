package org.openloa.cms.plan;

import java.time.Instant;
import java.util.UUID;

/**
 * An EMERGENCY plan item ended without its device reporting it played: published once, when the missed-plays
 * sweep records it, so operators can be told (notifications).
 *
 * @param reported what the device reported instead (FAILED, LATE, ...), null when it reported nothing
 */
public record EmergencyPlayMissed(
        UUID deviceId, String areaPath, String itemId, UUID broadcastId, Instant plannedStart, String reported) {}
