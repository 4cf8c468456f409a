package org.openloa.cms.exchange;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openloa.cms.broadcast.ScheduleSpec;

/**
 * What the upstream sends down (version 1 of the exchange, docs/exchange.md): one broadcast it addressed to the
 * downstream's area, with its bulletins and their audio's checksum. The same record is written by the upstream's
 * feed and read by the downstream's pull.
 */
@Schema(description = "A broadcast the upstream addressed to the caller's area, with its bulletins")
public record Dispatch(
        @Schema(description = "the upstream broadcast's id") String id,

        @Schema(description = "when it last changed at the upstream (the feed's order, with the id)")
        Instant updatedAt,

        @Schema(description = "ACTIVE, PAUSED or ENDED") String state,

        @Schema(
                description = "ENDED before its last occurrence (taken off air, or its bulletins withdrawn): the"
                        + " receiver takes its copy off air too; false for a natural end")
        boolean withdrawn,

        @Schema(description = "why it was taken off air, when the upstream said")
        String endReason,

        @Schema(description = "its title") String title,

        @Schema(description = "NORMAL, PRIORITY or EMERGENCY (Circular 39)")
        String priority,

        @Schema(description = "when it airs, as the broadcast API writes it")
        ScheduleSpec schedule,

        @Schema(description = "volume 0..100") Integer volume,

        @Schema(description = "times each occurrence repeats")
        Integer repeatCount,

        @Schema(description = "how late an occurrence may still start, ISO-8601")
        Duration maxDelay,

        @Schema(description = "the bulletins it plays, in order")
        List<Item> bulletins) {

    @Schema(description = "An approved bulletin of a dispatch")
    public record Item(
            @Schema(description = "the upstream bulletin's id (a revision has its own)")
            String id,

            @Schema(description = "its title") String title,

            @Schema(description = "its category's code at the upstream")
            String category,

            @Schema(description = "its text") String body,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            String priority,

            @Schema(description = "valid from") Instant validFrom,
            @Schema(description = "valid until") Instant validUntil,

            @Schema(description = "lower-case hex SHA-256 of the audio; the receiver checks it")
            String sha256,

            @Schema(description = "the audio's size in bytes")
            long sizeBytes,

            @Schema(description = "the audio's media type") String mimeType,

            @Schema(description = "the audio's length in milliseconds")
            Long durationMs,

            @Schema(description = "the audio's path on the upstream, under its base URL")
            String audioPath) {}

    /** A page of the feed. */
    @Schema(description = "A page of dispatches, oldest change first")
    public record Page(
            @Schema(description = "the exchange protocol's version: 1")
            int version,

            @Schema(description = "the code of the area the caller serves (the downstream's own area)")
            String areaCode,

            @Schema(description = "the dispatches changed after the cursor")
            List<Dispatch> items,

            @Schema(description = "the cursor to ask with next (the last item's); the same as given when empty")
            String next) {}
}
