package org.openloa.cms.broadcast;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A broadcast as saved (or, for a dry run, as it would be saved), with what the operator checks before and
 * after: its next occurrences in each target zone's local time and the conflicts it causes.
 */
public record Outcome(
        Broadcast broadcast, boolean saved, List<Occurrence> nextOccurrences, List<ConflictNote> conflicts) {

    /** An occurrence in the local time of a zone the broadcast airs in. */
    public record Occurrence(OffsetDateTime at, String zone) {}

    /**
     * Another broadcast of the same priority overlapping one occurrence on shared devices (or, where the
     * targeted area has no device yet, in that area): the earlier (then the earlier booked) plays first and the
     * other follows if its allowed delay permits.
     */
    public record ConflictNote(
            UUID otherId,
            String otherTitle,
            Priority priority,
            OffsetDateTime start,
            OffsetDateTime end,
            OffsetDateTime otherStart,
            OffsetDateTime otherEnd,
            boolean playsFirst,
            List<UUID> deviceIds,
            boolean withoutDevices) {}
}
