package org.openloa.scheduler.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Targets;
import org.openloa.scheduler.schedule.Schedule;

/**
 * A broadcast (lịch phát) as the resolver sees it; cms persists it and builds this from its row.
 *
 * @param id          the broadcast
 * @param createdAt   when it was created: the second tie-break between equal-priority items that start
 *                    together (the first broadcast booked keeps the slot)
 * @param content     what plays at each occurrence
 * @param repeatCount how many times the content plays back to back at each occurrence (1 = once)
 * @param priority    its level under Circular 39
 * @param volume      playback volume
 * @param schedule    when it airs; recurring schedules are read in each device's area zone
 * @param targets     where it airs
 * @param state       whether it airs
 * @param acceptance  for NORMAL content from an upper level, which communes took it in; null means
 *                    {@link Acceptance#NOT_REQUIRED}
 * @param maxDelay    how late an occurrence may start (or resume after an emergency) when something
 *                    else holds the device at its time; past that it is reported instead of played.
 *                    Zero means on time or not at all; null means zero. Not applied to EMERGENCY,
 *                    which always airs.
 */
public record Broadcast(
        BroadcastId id,
        Instant createdAt,
        Content content,
        int repeatCount,
        Priority priority,
        Volume volume,
        Schedule schedule,
        Targets targets,
        BroadcastState state,
        Acceptance acceptance,
        Duration maxDelay) {

    /** Repeats beyond this are a typo, and would fill a day. */
    public static final int MAX_REPEAT_COUNT = 20;

    public Broadcast {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        acceptance = acceptance == null ? Acceptance.NOT_REQUIRED : acceptance;
        maxDelay = maxDelay == null ? Duration.ZERO : maxDelay;
        List<RuleViolation> violations = new ArrayList<>();
        require(content, "content", violations);
        require(priority, "priority", violations);
        require(volume, "volume", violations);
        require(schedule, "schedule", violations);
        require(targets, "targets", violations);
        require(state, "state", violations);
        if (repeatCount < 1 || repeatCount > MAX_REPEAT_COUNT) {
            violations.add(new RuleViolation(
                    "repeatCount",
                    Rule.REPEAT_COUNT_OUT_OF_RANGE,
                    repeatCount + " is not a repeat count in 1.." + MAX_REPEAT_COUNT));
        } else if (content instanceof StreamSlot && repeatCount != 1) {
            violations.add(new RuleViolation("repeatCount", Rule.STREAM_NOT_REPEATABLE, "a stream slot plays once"));
        }
        if (maxDelay.isNegative()) {
            violations.add(new RuleViolation("maxDelay", Rule.NEGATIVE_MAX_DELAY, "maxDelay must not be negative"));
        }
        RuleViolationException.throwIfAny(violations);
    }

    /** How long one occurrence plays: the content, repeated. */
    public Duration occurrenceLength() {
        return content.length().multipliedBy(repeatCount);
    }

    /** The content as a device plays it at one occurrence, repeats included. */
    public Content playedContent() {
        return content.repeated(repeatCount);
    }

    public boolean reaches(DeviceProfile device) {
        return targets.reaches(device);
    }

    /** Acceptance matters only for NORMAL content: Circular 39 gives the commune no say over the others. */
    public boolean acceptedFor(DeviceProfile device) {
        return priority != Priority.NORMAL || acceptance.allows(device);
    }

    /** Whether this broadcast should air on {@code device}: reaches it, is active, and accepted there. */
    public boolean airsOn(DeviceProfile device) {
        return state == BroadcastState.ACTIVE && reaches(device) && acceptedFor(device);
    }

    public Broadcast withSchedule(Schedule newSchedule) {
        return new Broadcast(
                id,
                createdAt,
                content,
                repeatCount,
                priority,
                volume,
                newSchedule,
                targets,
                state,
                acceptance,
                maxDelay);
    }

    public Broadcast withState(BroadcastState newState) {
        return new Broadcast(
                id,
                createdAt,
                content,
                repeatCount,
                priority,
                volume,
                schedule,
                targets,
                newState,
                acceptance,
                maxDelay);
    }

    public Broadcast withTargets(Targets newTargets) {
        return new Broadcast(
                id,
                createdAt,
                content,
                repeatCount,
                priority,
                volume,
                schedule,
                newTargets,
                state,
                acceptance,
                maxDelay);
    }

    public Broadcast withAcceptance(Acceptance newAcceptance) {
        return new Broadcast(
                id,
                createdAt,
                content,
                repeatCount,
                priority,
                volume,
                schedule,
                targets,
                state,
                newAcceptance,
                maxDelay);
    }

    private static void require(Object value, String field, List<RuleViolation> violations) {
        if (value == null) {
            violations.add(new RuleViolation(field, Rule.MISSING_VALUE, field + " is required"));
        }
    }
}
