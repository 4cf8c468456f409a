package org.openloa.scheduler.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.Window;

/**
 * When a broadcast airs. The zone passed to each method is the zone of the area the device sits in:
 * the same RECURRING schedule yields different instants for devices in different zones, and the JVM's
 * default zone plays no part.
 */
public sealed interface Schedule permits Once, Recurring {

    /** The instants at which this schedule starts an occurrence inside {@code window}, ascending, distinct. */
    List<Instant> occurrences(ZoneId zone, Window window);

    /** The first occurrence at or after {@code notBefore}, if any (for a Quartz trigger, for instance). */
    Optional<Instant> nextOccurrence(ZoneId zone, Instant notBefore);

    /**
     * Rules that depend on the moment of saving (a schedule wholly in the past), which a constructor
     * cannot know. Empty when the schedule may be saved now.
     */
    List<RuleViolation> checkForSaving(ZoneId zone, Clock clock);
}
