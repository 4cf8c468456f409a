package org.openloa.scheduler.broadcast;

import java.util.List;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/** Playback volume in percent of the device's range. */
public record Volume(int percent) {

    public Volume {
        if (percent < 0 || percent > 100) {
            throw new RuleViolationException(List.of(
                    new RuleViolation("volume", Rule.VOLUME_OUT_OF_RANGE, percent + " is not a volume in 0..100")));
        }
    }
}
