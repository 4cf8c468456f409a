package org.openloa.protocol;

import java.time.OffsetDateTime;

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
 */
public record PlayLog(
        String id,
        String itemId,
        String mediaId,
        OffsetDateTime startedAt,
        OffsetDateTime endedAt,
        Outcome outcome,
        String reason) {

    public PlayLog {
        Checks.text(id, "id");
        Checks.text(itemId, "itemId");
        Checks.present(startedAt, "startedAt");
        Checks.present(outcome, "outcome");
        if (endedAt != null && endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt must not be before startedAt: " + startedAt + " .. " + endedAt);
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
