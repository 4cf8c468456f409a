package org.openloa.protocol;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Proof of play, one per media of an item (or one per STREAM item): POST /edge/v1/playlogs takes a
 * JSON array of at most 50. The server stores each id once, so a box re-sends a batch it is not sure
 * arrived.
 *
 * @param id        a UUID made by the box when the play ended, stable across re-sends
 * @param itemId    the plan item
 * @param mediaId   the media played, or null for a STREAM item
 * @param startedAt when it started (for SKIPPED: when it would have)
 * @param endedAt   when it ended; null when unknown (the agent stopped while it played)
 * @param outcome   what happened
 * @param reason    why, for anything but PLAYED
 * @param lostSeconds for a STREAM item, how many seconds of its slot the source was lost or silent and the box
 *                    played the area's fallback instead (0 when the relay was whole); absent for recordings and
 *                    from boxes older than the field. A relay with anything lost is never PLAYED.
 * @param lost        for a STREAM item, the stretches of that loss, in order; absent or empty when none
 */
public record PlayLog(
        String id,
        String itemId,
        String mediaId,
        OffsetDateTime startedAt,
        OffsetDateTime endedAt,
        Outcome outcome,
        String reason,
        Integer lostSeconds,
        List<Lost> lost) {

    public PlayLog {
        Checks.text(id, "id");
        Checks.text(itemId, "itemId");
        Checks.present(startedAt, "startedAt");
        Checks.present(outcome, "outcome");
        if (endedAt != null && endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt must not be before startedAt: " + startedAt + " .. " + endedAt);
        }
        if (lostSeconds != null && lostSeconds < 0) {
            throw new IllegalArgumentException("lostSeconds must not be negative");
        }
        lost = lost == null ? List.of() : List.copyOf(lost);
    }

    /** A play log without relay losses: a recording, or a stream from a box that does not measure them. */
    public PlayLog(
            String id,
            String itemId,
            String mediaId,
            OffsetDateTime startedAt,
            OffsetDateTime endedAt,
            Outcome outcome,
            String reason) {
        this(id, itemId, mediaId, startedAt, endedAt, outcome, reason, null, List.of());
    }

    /**
     * A stretch of a relay in which the source was lost (no answer, dropped) or silent, and the box played the
     * fallback: half-open [from, to).
     */
    public record Lost(OffsetDateTime from, OffsetDateTime to) {

        public Lost {
            Checks.present(from, "lost.from");
            Checks.present(to, "lost.to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("lost.to must not be before lost.from: " + from + " .. " + to);
            }
        }

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    public enum Outcome {
        /** Played to its end. */
        PLAYED,
        /** Started, then stopped early: a higher priority, the end of its slot, a STOP command. */
        INTERRUPTED,
        /** The player could not play it. */
        FAILED,
        /** Not started: not in the cache, missed its start, quiet hours. */
        SKIPPED
    }
}
