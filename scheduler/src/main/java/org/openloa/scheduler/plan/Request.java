package org.openloa.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.Content;
import org.openloa.scheduler.broadcast.MediaItem;
import org.openloa.scheduler.broadcast.Playlist;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.broadcast.StreamSlot;

/** An occurrence, or what is left of one after an emergency, waiting to be placed on a timeline. */
final class Request {

    final Programme programme;
    final Instant occurrence;
    /** 0 for the occurrence itself, n for what is left after its n-th interruption. */
    final int part;
    /** How far into the occurrence's content this request begins. */
    final Duration offset;

    final Content content;
    final Duration length;
    /** Where on the clock this part belongs had nothing got in the way; lateness is measured from here. */
    final Instant wantedStart;
    /**
     * When it became able to play: the occurrence, or for a remainder the moment of the cut. Whatever
     * holds the device then is what keeps it waiting.
     */
    final Instant dueAt;

    private Request(
            Programme programme,
            Instant occurrence,
            int part,
            Duration offset,
            Content content,
            Duration length,
            Instant dueAt) {
        this.programme = programme;
        this.occurrence = occurrence;
        this.part = part;
        this.offset = offset;
        this.content = content;
        this.length = length;
        this.wantedStart = offset.isZero() ? occurrence : occurrence.plus(offset);
        this.dueAt = dueAt;
    }

    static Request whole(Programme programme, Instant occurrence) {
        return new Request(programme, occurrence, 0, Duration.ZERO, programme.content, programme.length, occurrence);
    }

    Broadcast broadcast() {
        return programme.broadcast;
    }

    Priority priority() {
        return programme.broadcast.priority();
    }

    Duration maxDelay() {
        return programme.broadcast.maxDelay();
    }

    /**
     * What is left after {@code played} of this request's content, cut at {@code cut}. A recording restarts the media item
     * the cut fell in, from its beginning: half a sentence before a siren is lost on listeners. A live
     * stream is rejoined for the rest of its slot, as it has no beginning to return to.
     */
    Request remainderAfter(Instant cut, Duration played) {
        if (content instanceof StreamSlot stream) {
            Duration rest = stream.length().minus(played);
            return new Request(
                    programme,
                    occurrence,
                    part + 1,
                    offset.plus(played),
                    new StreamSlot(stream.url(), rest),
                    rest,
                    cut);
        }
        List<MediaItem> items = ((Playlist) content).items();
        Duration before = Duration.ZERO;
        for (int i = 0; i < items.size(); i++) {
            Duration after = before.plus(items.get(i).duration());
            if (after.compareTo(played) > 0) {
                Playlist rest = new Playlist(items.subList(i, items.size()));
                return new Request(
                        programme, occurrence, part + 1, offset.plus(before), rest, length.minus(before), cut);
            }
            before = after;
        }
        throw new IllegalStateException("nothing is left after " + played + " of " + length);
    }
}
