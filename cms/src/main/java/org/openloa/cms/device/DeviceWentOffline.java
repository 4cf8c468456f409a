package org.openloa.cms.device;

import java.time.Instant;
import java.util.UUID;

/**
 * A device was marked offline: published once per transition (a heartbeat clears the mark, the next silence
 * publishes again), so whoever is told (notifications) is told once, not every sweep.
 */
public record DeviceWentOffline(UUID deviceId, UUID areaId, String areaPath, String name, Instant lastSeenAt) {}
