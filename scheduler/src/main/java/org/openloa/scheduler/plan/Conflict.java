package org.openloa.scheduler.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.reach.DeviceId;

/**
 * One occurrence of a proposed broadcast overlapping one occurrence of an existing broadcast of the same
 * priority, on the devices both air on. Times are the scheduled ones, before any resolution moves them.
 *
 * @param proposed      the broadcast being edited or created
 * @param existing      the broadcast it clashes with
 * @param priority      their common priority
 * @param proposedStart start of the proposed occurrence
 * @param proposedEnd   end of the proposed occurrence
 * @param existingStart start of the existing occurrence
 * @param existingEnd   end of the existing occurrence
 * @param playsFirst    which of the two the resolver's tie-break lets play first; the other follows it
 *                      if its allowed delay permits, or is reported
 * @param devices       the devices on which they clash, sorted by id
 */
public record Conflict(
        BroadcastId proposed,
        BroadcastId existing,
        Priority priority,
        Instant proposedStart,
        Instant proposedEnd,
        Instant existingStart,
        Instant existingEnd,
        BroadcastId playsFirst,
        List<DeviceId> devices) {

    public Conflict {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(proposedStart, "proposedStart");
        Objects.requireNonNull(proposedEnd, "proposedEnd");
        Objects.requireNonNull(existingStart, "existingStart");
        Objects.requireNonNull(existingEnd, "existingEnd");
        Objects.requireNonNull(playsFirst, "playsFirst");
        devices = List.copyOf(devices);
    }
}
