package org.openloa.scheduler.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.Window;

/**
 * One occurrence at an instant. The offset travels with the value, so the instant is the same
 * whichever zone the target area has; the zone argument of the methods is not needed here.
 */
public record Once(OffsetDateTime at) implements Schedule {

    public Once {
        if (at == null) {
            throw new RuleViolationException(List.of(new RuleViolation("at", Rule.MISSING_VALUE, "at is required")));
        }
    }

    @Override
    public List<Instant> occurrences(ZoneId zone, Window window) {
        Instant instant = at.toInstant();
        return window.contains(instant) ? List.of(instant) : List.of();
    }

    @Override
    public Optional<Instant> nextOccurrence(ZoneId zone, Instant notBefore) {
        Instant instant = at.toInstant();
        return instant.isBefore(notBefore) ? Optional.empty() : Optional.of(instant);
    }

    @Override
    public List<RuleViolation> checkForSaving(ZoneId zone, Clock clock) {
        if (at.toInstant().isBefore(clock.instant())) {
            return List.of(new RuleViolation("at", Rule.AT_IN_PAST, at + " is already past"));
        }
        return List.of();
    }
}
