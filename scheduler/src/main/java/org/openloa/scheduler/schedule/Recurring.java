package org.openloa.scheduler.schedule;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.Window;

/**
 * Local times on matching days between two dates, all read in the zone of the target area.
 *
 * <p>A day matches when it lies in {@code [startDate, endDate]} (both inclusive; no end date means no
 * end), is not one of {@code exceptDates}, and:
 * <ul>
 *   <li>both {@code daysOfWeek} and {@code daysOfMonth} are empty: every day (daily);</li>
 *   <li>otherwise its weekday is in {@code daysOfWeek} <em>or</em> its day of month is in
 *       {@code daysOfMonth} (a union, as in cron: "Mondays, and the 1st and 15th").</li>
 * </ul>
 * A day of month a month lacks (31 in April) is simply absent that month. An occurrence belongs to the
 * day it starts on: an except date stops the slots that start on it, not an item that began the evening
 * before and runs past midnight.
 *
 * <p>The compact constructor normalises (missing sets become empty, times are sorted and made distinct)
 * and rejects a broken schedule with every violation at once.
 */
public record Recurring(
        Set<DayOfWeek> daysOfWeek,
        Set<Integer> daysOfMonth,
        List<LocalTime> times,
        LocalDate startDate,
        LocalDate endDate,
        Set<LocalDate> exceptDates)
        implements Schedule {

    /**
     * Every window of this many consecutive days holds each day of month 1..31 at least once (the longest
     * wait, from 31 January to 31 March, is 59 days). It bounds the searches for a next matching day.
     */
    private static final int DAYS_HOLDING_EVERY_DAY_OF_MONTH = 62;

    public Recurring {
        List<RuleViolation> violations = new ArrayList<>();
        daysOfWeek = weekdays(daysOfWeek, violations);
        daysOfMonth = daysOfMonth(daysOfMonth, violations);
        times = times(times, violations);
        exceptDates = exceptDates(exceptDates, violations);
        if (startDate == null) {
            violations.add(new RuleViolation("startDate", Rule.MISSING_VALUE, "startDate is required"));
        } else if (endDate != null && endDate.isBefore(startDate)) {
            violations.add(new RuleViolation(
                    "endDate", Rule.END_BEFORE_START, "endDate " + endDate + " is before startDate " + startDate));
        }
        if (violations.isEmpty()
                && endDate != null
                && firstDayOnOrAfter(startDate, daysOfWeek, daysOfMonth, startDate, endDate, exceptDates) == null) {
            violations.add(new RuleViolation(
                    "daysOfWeek",
                    Rule.NEVER_OCCURS,
                    "no day from " + startDate + " to " + endDate + " matches the chosen days"));
        }
        RuleViolationException.throwIfAny(violations);
    }

    /** Every day from {@code startDate} to {@code endDate} (null: no end) at the given local times. */
    public static Recurring daily(LocalDate startDate, LocalDate endDate, LocalTime... times) {
        return new Recurring(Set.of(), Set.of(), List.of(times), startDate, endDate, Set.of());
    }

    public Optional<LocalDate> end() {
        return Optional.ofNullable(endDate);
    }

    /** Whether slots start on {@code date}. */
    public boolean occursOn(LocalDate date) {
        return matches(date, daysOfWeek, daysOfMonth, startDate, endDate, exceptDates);
    }

    @Override
    public List<Instant> occurrences(ZoneId zone, Window window) {
        // One day of margin each side: a gap shift can carry a slot of the evening before into the window.
        LocalDate first =
                later(startDate, window.from().atZone(zone).toLocalDate().minusDays(1));
        LocalDate last = window.to().atZone(zone).toLocalDate().plusDays(1);
        if (endDate != null && endDate.isBefore(last)) {
            last = endDate;
        }
        List<Instant> instants = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!occursOn(day)) {
                continue;
            }
            for (LocalTime time : times) {
                Instant instant = LocalSlots.instantOf(day, time, zone);
                if (window.contains(instant)) {
                    instants.add(instant);
                }
            }
        }
        return ascendingDistinct(instants);
    }

    @Override
    public Optional<Instant> nextOccurrence(ZoneId zone, Instant notBefore) {
        LocalDate from = later(startDate, notBefore.atZone(zone).toLocalDate().minusDays(1));
        // Each except date can hide at most one matching day; past that many 62-day spans a match must exist.
        LocalDate limit = from.plusDays((long) DAYS_HOLDING_EVERY_DAY_OF_MONTH * (exceptDates.size() + 2));
        if (endDate != null && endDate.isBefore(limit)) {
            limit = endDate;
        }
        Instant best = null;
        LocalDate day = from.minusDays(1);
        while (best == null) {
            day = firstDayOnOrAfter(day.plusDays(1), daysOfWeek, daysOfMonth, startDate, limit, exceptDates);
            if (day == null) {
                return Optional.empty();
            }
            best = earliestOn(day, zone, notBefore);
        }
        // A gap shift can carry a late slot of one day past an early slot of the next: look one day on.
        LocalDate next = day.plusDays(1);
        if (!next.isAfter(limit) && occursOn(next)) {
            Instant candidate = earliestOn(next, zone, notBefore);
            if (candidate != null && candidate.isBefore(best)) {
                best = candidate;
            }
        }
        return Optional.of(best);
    }

    private Instant earliestOn(LocalDate day, ZoneId zone, Instant notBefore) {
        Instant best = null;
        for (LocalTime time : times) {
            Instant instant = LocalSlots.instantOf(day, time, zone);
            if (!instant.isBefore(notBefore) && (best == null || instant.isBefore(best))) {
                best = instant;
            }
        }
        return best;
    }

    @Override
    public List<RuleViolation> checkForSaving(ZoneId zone, Clock clock) {
        if (nextOccurrence(zone, clock.instant()).isEmpty()) {
            return List.of(new RuleViolation(
                    "endDate",
                    Rule.NO_FUTURE_OCCURRENCE,
                    "no occurrence is left after "
                            + clock.instant().atZone(zone).toLocalDateTime()));
        }
        return List.of();
    }

    private static boolean matches(
            LocalDate day,
            Set<DayOfWeek> daysOfWeek,
            Set<Integer> daysOfMonth,
            LocalDate startDate,
            LocalDate endDate,
            Set<LocalDate> exceptDates) {
        if (day.isBefore(startDate) || (endDate != null && day.isAfter(endDate)) || exceptDates.contains(day)) {
            return false;
        }
        if (daysOfWeek.isEmpty() && daysOfMonth.isEmpty()) {
            return true;
        }
        return daysOfWeek.contains(day.getDayOfWeek()) || daysOfMonth.contains(day.getDayOfMonth());
    }

    /** The first matching day in {@code [from, last]}, or null. Terminates: the span is finite. */
    private static LocalDate firstDayOnOrAfter(
            LocalDate from,
            Set<DayOfWeek> daysOfWeek,
            Set<Integer> daysOfMonth,
            LocalDate startDate,
            LocalDate last,
            Set<LocalDate> exceptDates) {
        for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
            if (matches(day, daysOfWeek, daysOfMonth, startDate, last, exceptDates)) {
                return day;
            }
        }
        return null;
    }

    private static List<Instant> ascendingDistinct(List<Instant> instants) {
        for (int i = 1; i < instants.size(); i++) {
            if (!instants.get(i).isAfter(instants.get(i - 1))) {
                // Only a gap shift breaks the natural order (02:30 moved to 03:30 after a listed 03:15) or makes
                // two slots meet (02:30 and 03:30 both at 03:30): that slot airs once.
                return List.copyOf(new TreeSet<>(instants));
            }
        }
        return Collections.unmodifiableList(instants);
    }

    /** {@code Set.of(..).contains(null)} throws, so look element by element. */
    private static boolean hasNull(Collection<?> values) {
        for (Object value : values) {
            if (value == null) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static Set<DayOfWeek> weekdays(Collection<DayOfWeek> given, List<RuleViolation> violations) {
        if (given == null || given.isEmpty()) {
            return Set.of();
        }
        if (hasNull(given)) {
            violations.add(new RuleViolation("daysOfWeek", Rule.MISSING_VALUE, "daysOfWeek holds an empty entry"));
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(given));
    }

    private static Set<Integer> daysOfMonth(Collection<Integer> given, List<RuleViolation> violations) {
        if (given == null || given.isEmpty()) {
            return Set.of();
        }
        SortedSet<Integer> days = new TreeSet<>();
        for (Integer day : given) {
            if (day == null || day < 1 || day > 31) {
                violations.add(new RuleViolation(
                        "daysOfMonth", Rule.DAY_OF_MONTH_OUT_OF_RANGE, day + " is not a day of a month (1..31)"));
            } else {
                days.add(day);
            }
        }
        return Collections.unmodifiableSortedSet(days);
    }

    private static List<LocalTime> times(Collection<LocalTime> given, List<RuleViolation> violations) {
        if (given == null || given.isEmpty()) {
            violations.add(new RuleViolation("times", Rule.NO_TIMES, "at least one time of day is required"));
            return List.of();
        }
        if (hasNull(given)) {
            violations.add(new RuleViolation("times", Rule.MISSING_VALUE, "times holds an empty entry"));
            return List.of();
        }
        return List.copyOf(new TreeSet<>(given));
    }

    private static Set<LocalDate> exceptDates(Collection<LocalDate> given, List<RuleViolation> violations) {
        if (given == null || given.isEmpty()) {
            return Set.of();
        }
        if (hasNull(given)) {
            violations.add(new RuleViolation("exceptDates", Rule.MISSING_VALUE, "exceptDates holds an empty entry"));
            return Set.of();
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(given));
    }
}
