package org.openloa.scheduler.broadcast;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/**
 * A live or relayed stream (for instance a provincial radio programme) played for a slot of fixed
 * length. A stream has no beginning to return to: if an emergency cuts it, the device rejoins it live
 * for what is left of the slot.
 */
public record StreamSlot(URI url, Duration length) implements Content {

    public StreamSlot {
        List<RuleViolation> violations = new ArrayList<>();
        if (url == null) {
            violations.add(new RuleViolation("streamUrl", Rule.MISSING_VALUE, "streamUrl is required"));
        }
        if (length == null || length.isZero() || length.isNegative()) {
            violations.add(new RuleViolation(
                    "slot", Rule.NON_POSITIVE_DURATION, "a stream slot must last longer than zero, not " + length));
        }
        RuleViolationException.throwIfAny(violations);
    }

    @Override
    public Content repeated(int times) {
        if (times != 1) {
            throw new RuleViolationException(
                    List.of(new RuleViolation("repeatCount", Rule.STREAM_NOT_REPEATABLE, "a stream slot plays once")));
        }
        return this;
    }
}
