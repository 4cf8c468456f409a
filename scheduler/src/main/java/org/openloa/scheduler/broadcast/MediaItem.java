package org.openloa.scheduler.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/** One processed audio file and how long it plays (media measured it when it processed the upload). */
public record MediaItem(MediaId id, Duration duration) {

    public MediaItem {
        Objects.requireNonNull(id, "id");
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new RuleViolationException(List.of(new RuleViolation(
                    "duration",
                    Rule.NON_POSITIVE_DURATION,
                    "media " + id + " must last longer than zero, not " + duration)));
        }
    }
}
