package org.openloa.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.Priority;

/**
 * An occurrence, or the remaining part of one, that is not in the plan, and why. The resolver never
 * drops one silently: the operator's calendar shows these next to the plan.
 *
 * @param broadcast   the broadcast
 * @param priority    its priority
 * @param occurrence  the scheduled start of the occurrence
 * @param part        0 for the occurrence itself, n for what was left after its n-th interruption
 * @param wantedStart when it wanted to play: the occurrence, or for a remainder the point it would have
 *                    reached without the interruption
 * @param length      how long it would have played
 * @param reason      why it is not in the plan
 * @param blockedBy   the broadcast holding the device at {@code wantedStart}, when another broadcast is
 *                    the cause
 */
public record Unplaced(
        BroadcastId broadcast,
        Priority priority,
        Instant occurrence,
        int part,
        Instant wantedStart,
        Duration length,
        Reason reason,
        Optional<BroadcastId> blockedBy) {

    public Unplaced {
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(occurrence, "occurrence");
        Objects.requireNonNull(wantedStart, "wantedStart");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(blockedBy, "blockedBy");
    }

    public enum Reason {
        /** The broadcast is paused. */
        PAUSED,
        /** NORMAL content from an upper level that the device's commune has not accepted. */
        NOT_ACCEPTED,
        /** The device was held by other items past the broadcast's allowed delay. */
        DELAY_EXCEEDED,
        /** An emergency cut it and the rest could not resume within the allowed delay; the played part is in the plan. */
        NOT_RESUMED
    }
}
