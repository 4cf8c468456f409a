package org.openloa.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.Content;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.broadcast.Volume;

/**
 * One stretch of a device's timeline: play {@code content} from its beginning at {@code start} and stop
 * at {@code end}.
 *
 * @param start      when it starts playing
 * @param end        when it stops: the content's end, or earlier if {@code cut}
 * @param broadcast  the broadcast it comes from
 * @param priority   that broadcast's priority
 * @param volume     that broadcast's volume
 * @param content    what plays, in order, repeats spelled out; for a resumed part, only what was left
 * @param occurrence the scheduled start of the occurrence this item belongs to
 * @param part       0 for a whole item or the first part of a cut one; 1, 2... for the parts resumed after
 *                   each emergency
 * @param offset     how far into that occurrence's content this item begins. A resumed recording restarts
 *                   the media item the cut fell in, so a part may begin at offset zero again
 * @param cut        whether an emergency stops it before its content ends
 */
public record PlanItem(
        Instant start,
        Instant end,
        BroadcastId broadcast,
        Priority priority,
        Volume volume,
        Content content,
        Instant occurrence,
        int part,
        Duration offset,
        boolean cut) {

    public PlanItem {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(occurrence, "occurrence");
        Objects.requireNonNull(offset, "offset");
        if (part < 0) {
            throw new IllegalArgumentException("part must not be negative: " + part);
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a plan item must end after it starts: " + start + " .. " + end);
        }
    }

    /**
     * A stable id for the manifest and play logs: the same occurrence (and part) gets the same id in
     * every re-plan, so a device's proof-of-play still matches after the plan changes around it.
     */
    public String id() {
        String id = broadcast.value() + "@" + occurrence;
        return part == 0 ? id : id + "#" + part;
    }

    /** How much later than its schedule it starts: waiting behind others, or resuming after an emergency. */
    public Duration delay() {
        return Duration.between(occurrence.plus(offset), start);
    }

    /** Whether this is the continuation of an occurrence an emergency interrupted. */
    public boolean resumed() {
        return part > 0;
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
