package org.openloa.cms.device;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.schedule.TimeOfDay;

/**
 * A device's quiet hours: local stretches of the day ("22:00-05:00" runs over midnight) in which only EMERGENCY
 * items play. Kept local, like a recurring schedule, and expanded into absolute instants in the area's zone for
 * the manifest, so no box applies zone rules.
 */
public record QuietHours(List<Stretch> stretches) {

    public static final int MAX_STRETCHES = 4;

    public QuietHours {
        stretches = List.copyOf(stretches);
    }

    public static QuietHours none() {
        return new QuietHours(List.of());
    }

    public boolean isEmpty() {
        return stretches.isEmpty();
    }

    /** Parses "22:00-05:00, 12:00-13:30" (or "22h-5h", as {@link TimeOfDay} reads times); blank means none; 422 (field quietHours) when malformed. */
    public static QuietHours parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        List<Stretch> stretches = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] ends = part.strip().split("-");
            try {
                if (ends.length != 2) {
                    throw new DateTimeParseException("not start-end", part, 0);
                }
                LocalTime start = TimeOfDay.parse(ends[0]);
                LocalTime end = TimeOfDay.parse(ends[1]);
                if (start.equals(end)) {
                    throw new DateTimeParseException("empty", part, 0);
                }
                stretches.add(new Stretch(start, end));
            } catch (DateTimeParseException | TimeOfDay.Unreadable e) {
                throw ProblemException.rule(
                        "invalid-quiet-hours", "quietHours", "device.invalid-quiet-hours", part.strip());
            }
        }
        if (stretches.size() > MAX_STRETCHES) {
            throw ProblemException.rule(
                    "invalid-quiet-hours", "quietHours", "device.invalid-quiet-hours", text.strip());
        }
        return new QuietHours(stretches);
    }

    /** The absolute stretches overlapping [from, to), in {@code zone} (a stretch over midnight ends the next day). */
    public List<Instant[]> within(Instant from, Instant to, ZoneId zone) {
        List<Instant[]> result = new ArrayList<>();
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Stretch stretch : stretches) {
                Instant start = day.atTime(stretch.start()).atZone(zone).toInstant();
                LocalDate endDay = stretch.end().isAfter(stretch.start()) ? day : day.plusDays(1);
                Instant end = endDay.atTime(stretch.end()).atZone(zone).toInstant();
                if (end.isAfter(from) && start.isBefore(to) && end.isAfter(start)) {
                    result.add(new Instant[] {start, end});
                }
            }
        }
        result.sort((a, b) -> a[0].compareTo(b[0]));
        return result;
    }

    @Override
    public String toString() {
        return stretches.stream().map(Stretch::toString).collect(Collectors.joining(","));
    }

    /** From {@code start} to {@code end}, local times; over midnight when end is not after start. */
    public record Stretch(LocalTime start, LocalTime end) {

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }
}
