package org.openloa.cms.device;

import java.util.List;
import org.openloa.protocol.Heartbeat.MediaError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The media a device last said it could not get right (a download that failed its SHA-256, a file it could not
 * fetch), kept as the JSON its newest heartbeat carried: shown to the operator, who may re-upload or check
 * the box's link.
 */
final class MediaErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<MediaError>> LIST = new TypeReference<>() {};

    private MediaErrors() {}

    static List<MediaError> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(json, LIST));
        } catch (JacksonException | IllegalArgumentException unreadable) {
            // Stored by this server from a validated heartbeat: unreadable only if that format changed.
            return List.of();
        }
    }
}
