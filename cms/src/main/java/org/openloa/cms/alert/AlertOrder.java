package org.openloa.cms.alert;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;

/**
 * What a CAP alert asks to air, in the shape of the emergency module's {@code EmergencyOrder} (source CAP, no
 * repeat): the title, the contents in the order they play, where (areas with their subtrees, and devices one by
 * one), the priority, when it was issued and when it ends. {@link AlertAiring} hands it on.
 */
public record AlertOrder(
        String title,
        List<Content> contents,
        List<UUID> areaIds,
        Set<UUID> deviceIds,
        Priority priority,
        OffsetDateTime issuedAt,
        OffsetDateTime endsAt) {

    public AlertOrder {
        contents = List.copyOf(contents);
        areaIds = List.copyOf(areaIds);
        deviceIds = Set.copyOf(deviceIds);
    }

    /** One thing to air: text read by a voice, or a recording that came with the alert. */
    public sealed interface Content {

        /** Text for the TTS voice named (null: the default Vietnamese voice). */
        record Speech(String text, String voice) implements Content {}

        /** An audio file taken from the alert's {@code <resource>}, to go through the audio pipeline. */
        record Recording(Path file, String filename) implements Content {}
    }
}
