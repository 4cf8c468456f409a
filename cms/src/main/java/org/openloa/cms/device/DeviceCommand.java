package org.openloa.cms.device;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "A command sent to a device")
public record DeviceCommand(
        @Schema(description = "the command's id; the device acknowledges it in a heartbeat")
        UUID id,

        @Schema(description = "the device") UUID deviceId,

        @Schema(description = "what the device is asked to do")
        CommandType type,

        @Schema(description = "arguments as strings, e.g. volume for SET_VOLUME")
        Map<String, String> args,

        @Schema(description = "who sent it (a username)") String issuedBy,
        @Schema(description = "when it was sent") Instant issuedAt,

        @Schema(description = "when the device acknowledged it; null while pending")
        Instant acknowledgedAt) {

    public DeviceCommand {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    public boolean pending() {
        return acknowledgedAt == null;
    }
}
