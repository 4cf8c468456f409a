package org.openloa.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A half-open span of time {@code [from, to)}: an instant equal to {@code to} lies outside, so
 * consecutive windows never both claim the same occurrence.
 */
public record Window(Instant from, Instant to) {

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new RuleViolationException(List.of(new RuleViolation(
                    "to", Rule.END_BEFORE_START, "the window must end after it starts: from " + from + ", to " + to)));
        }
    }

    public static Window of(Instant from, Duration length) {
        return new Window(from, from.plus(length));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** Whether {@code [start, end)} shares at least one instant with this window. */
    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(to) && end.isAfter(from);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** This window with its start moved earlier by {@code lookBack}. */
    public Window extendedBack(Duration lookBack) {
        return lookBack.isZero() ? this : new Window(from.minus(lookBack), to);
    }
}
