package org.openloa.cms.device;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A command issued to a device: sent in its manifest until a heartbeat acknowledges it.
 *
 * @param args           the arguments as strings (the protocol's form), e.g. {@code {"volume": "80"}}
 * @param issuedBy       the user who issued it
 * @param acknowledgedAt when the device reported it done; null while pending
 */
public record DeviceCommand(
        UUID id,
        UUID deviceId,
        CommandType type,
        Map<String, String> args,
        String issuedBy,
        Instant issuedAt,
        Instant acknowledgedAt) {

    public DeviceCommand {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    public boolean pending() {
        return acknowledgedAt == null;
    }
}
