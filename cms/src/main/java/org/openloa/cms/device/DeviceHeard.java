package org.openloa.cms.device;

import java.time.Instant;
import java.util.UUID;

/**
 * A heartbeat of a device reached the server (published in the heartbeat's transaction, whether or not it was
 * newer than the stored status): what the reports' online rate is counted from.
 *
 * @param receivedAt when the server received it, by the server's clock (a heartbeat queued while the box was
 *     offline says the box ran, not that it was reachable; its arrival is what shows the link was up)
 */
public record DeviceHeard(UUID deviceId, Instant receivedAt) {}
