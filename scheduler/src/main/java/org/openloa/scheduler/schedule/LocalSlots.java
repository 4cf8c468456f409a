package org.openloa.scheduler.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Turns a local date and time in a zone into the instant it airs. Written out rather than left to
 * {@code ZonedDateTime.of} so that the daylight-saving rule is visible and cannot change under us:
 * <ul>
 *   <li>gap (the local time does not exist, clocks spring forward): the slot moves forward by the
 *       length of the gap, so 02:30 on a day New York jumps from 02:00 to 03:00 airs at 03:30. The
 *       slot still airs that day, and as close as possible to when listeners expect it.</li>
 *   <li>overlap (the local time occurs twice, clocks fall back): the slot airs once, at the first
 *       pass (the offset in force before the change), so 01:30 on a day London falls back airs at
 *       01:30 BST, not again an hour later.</li>
 * </ul>
 * This is what {@code ZonedDateTime.of} does too; the tests pin it.
 */
final class LocalSlots {

    private LocalSlots() {}

    static Instant instantOf(LocalDate date, LocalTime time, ZoneId zone) {
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (!offsets.isEmpty()) {
            // One offset normally; two in an overlap, listed earliest first: the first pass.
            return local.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition gap = rules.getTransition(local);
        return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
    }
}
