package org.openloa.cms.broadcast;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemException.FieldProblem;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.schedule.Once;
import org.openloa.scheduler.schedule.Recurring;
import org.openloa.scheduler.schedule.Schedule;
import org.openloa.scheduler.schedule.TimeOfDay;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's schedule object, as JSON carries it: {@code {"type": "ONCE", "at": "2027-03-10T06:00:00+07:00"}} or
 * {@code {"type": "RECURRING", "daysOfWeek": ["MONDAY"], "daysOfMonth": [1, 15], "times": ["06:00", "17:30"],
 * "startDate": "2027-03-08", "endDate": "2027-03-19", "exceptDates": ["2027-02-06"]}}. Local dates and times
 * are read in the zone of each device's area; a ONCE instant given without an offset is read in the target
 * area's zone and stored with that offset.
 *
 * <p>Values are kept as text so that a malformed one is reported against its field (400) rather than as an
 * unreadable body; rules (an end before its start…) are the scheduler's and answer 422.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "When a broadcast airs: ONCE at an instant, or RECURRING on days at local times")
public record ScheduleSpec(
        @Schema(description = "ONCE or RECURRING", requiredMode = Schema.RequiredMode.REQUIRED)
        String type,

        @Schema(description = "ONCE: the instant, e.g. 2027-03-10T06:00:00+07:00 (no offset: the area's zone)")
        String at,

        @Schema(description = "RECURRING: days of the week, e.g. MONDAY")
        List<String> daysOfWeek,

        @Schema(description = "RECURRING: days of the month, 1..31")
        List<Integer> daysOfMonth,

        @Schema(description = "RECURRING: local times of day, e.g. 06:00; 6h30, 17h and 6:30 are read too")
        List<String> times,

        @Schema(description = "RECURRING: the first local date, e.g. 2027-03-08")
        String startDate,

        @Schema(description = "RECURRING: the last local date")
        String endDate,

        @Schema(description = "RECURRING: local dates on which it does not air")
        List<String> exceptDates) {

    public static final String ONCE = "ONCE";
    public static final String RECURRING = "RECURRING";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** The scheduler's schedule; a ONCE without an offset is read in {@code zone}. */
    public Schedule toSchedule(ZoneId zone) {
        List<FieldProblem> problems = new ArrayList<>();
        String kind = type == null ? null : type.strip().toUpperCase(Locale.ROOT);
        try {
            if (ONCE.equals(kind)) {
                OffsetDateTime instant = instant(at, zone, problems);
                throwIfAny(problems);
                return new Once(instant);
            }
            if (RECURRING.equals(kind)) {
                Set<DayOfWeek> weekdays = weekdays(problems);
                List<LocalTime> localTimes = new ArrayList<>();
                for (int i = 0; times != null && i < times.size(); i++) {
                    localTimes.add(time(times.get(i), "schedule.times[" + i + "]", problems));
                }
                LocalDate start = date(startDate, "schedule.startDate", problems);
                LocalDate end = date(endDate, "schedule.endDate", problems);
                Set<LocalDate> except = new TreeSet<>();
                for (int i = 0; exceptDates != null && i < exceptDates.size(); i++) {
                    LocalDate day = date(exceptDates.get(i), "schedule.exceptDates[" + i + "]", problems);
                    if (day != null) {
                        except.add(day);
                    }
                }
                throwIfAny(problems);
                checkBounds(localTimes, start, end, except);
                Recurring recurring = new Recurring(
                        weekdays,
                        daysOfMonth == null ? Set.of() : new LinkedHashSet<>(daysOfMonth),
                        localTimes,
                        start,
                        end,
                        except);
                checkOccurrences(recurring);
                return recurring;
            }
        } catch (RuleViolationException e) {
            throw Violations.problem(e, "schedule.");
        }
        throw ProblemException.rule(
                "invalid-schedule-type", "schedule.type", "scheduling.schedule.invalid-type", String.valueOf(type));
    }

    /** The same schedule with canonical values (upper-case names, HH:mm, an offset on ONCE), for storing. */
    public ScheduleSpec normalised(ZoneId zone) {
        Schedule schedule = toSchedule(zone);
        if (schedule instanceof Once once) {
            return new ScheduleSpec(
                    ONCE, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(once.at()), null, null, null, null, null, null);
        }
        Recurring r = (Recurring) schedule;
        return new ScheduleSpec(
                RECURRING,
                null,
                r.daysOfWeek().stream().sorted().map(DayOfWeek::name).toList(),
                r.daysOfMonth().stream().sorted().toList(),
                r.times().stream().map(HH_MM::format).toList(),
                r.startDate().toString(),
                r.endDate() == null ? null : r.endDate().toString(),
                r.exceptDates().stream().sorted().map(LocalDate::toString).toList());
    }

    public boolean once() {
        return ONCE.equalsIgnoreCase(type);
    }

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    static ScheduleSpec fromJson(String json) {
        return JSON.readValue(json, ScheduleSpec.class);
    }

    private Set<DayOfWeek> weekdays(List<FieldProblem> problems) {
        Set<DayOfWeek> days = new TreeSet<>();
        for (int i = 0; daysOfWeek != null && i < daysOfWeek.size(); i++) {
            String name =
                    daysOfWeek.get(i) == null ? "" : daysOfWeek.get(i).strip().toUpperCase(Locale.ROOT);
            DayOfWeek day = null;
            for (DayOfWeek candidate : DayOfWeek.values()) {
                if (!name.isEmpty()
                        && (candidate.name().equals(name)
                                || (name.length() == 3 && candidate.name().startsWith(name)))) {
                    day = candidate;
                }
            }
            if (day == null) {
                problems.add(new FieldProblem(
                        "schedule.daysOfWeek[" + i + "]",
                        "scheduling.schedule.invalid-day",
                        new Object[] {daysOfWeek.get(i)}));
            } else {
                days.add(day);
            }
        }
        return days;
    }

    private static OffsetDateTime instant(String text, ZoneId zone, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem("schedule.at", "scheduling.rule.MISSING_VALUE", new Object[0]));
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text.strip()).atZone(zone).toOffsetDateTime();
            } catch (DateTimeException e) {
                problems.add(
                        new FieldProblem("schedule.at", "scheduling.schedule.invalid-instant", new Object[] {text}));
                return null;
            }
        }
    }

    /** "6h30", "17h", "06:30": any way {@link TimeOfDay} reads; the problem says whether the hour or minute is wrong. */
    private static LocalTime time(String text, String field, List<FieldProblem> problems) {
        try {
            return TimeOfDay.parse(text);
        } catch (TimeOfDay.Unreadable e) {
            problems.add(new FieldProblem(field, messageKey(e.fault()), new Object[] {e.text()}));
            return null;
        }
    }

    /** The message saying why a text is not a time of day; the API's problems and every form use it. */
    public static String messageKey(TimeOfDay.Fault fault) {
        return switch (fault) {
            case HOUR_OUT_OF_RANGE -> "time-of-day.hour-out-of-range";
            case MINUTE_OUT_OF_RANGE -> "time-of-day.minute-out-of-range";
            case NOT_A_TIME -> "time-of-day.not-a-time";
        };
    }

    private static LocalDate date(String text, String field, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(field, "scheduling.schedule.invalid-date", new Object[] {text}));
            return null;
        }
    }

    /**
     * Bounds on what one schedule may expand to, checked before anything is expanded: every plan, calendar and
     * conflict check walks a schedule's occurrences, and an unbounded one (every minute for a century) would
     * cost minutes of CPU and overflow the stored schedule.
     */
    public static final int MAX_TIMES_PER_DAY = 48;

    public static final int MAX_SPAN_DAYS = 5 * 366;
    public static final int MAX_OCCURRENCES = 5_000;
    public static final int MAX_EXCEPT_DATES = 400;
    static final LocalDate FIRST_DATE = LocalDate.of(2000, 1, 1);
    static final LocalDate LAST_DATE = LocalDate.of(2199, 12, 31);

    private static void checkBounds(List<LocalTime> times, LocalDate start, LocalDate end, Set<LocalDate> except) {
        if (new TreeSet<>(times.stream().filter(t -> t != null).toList()).size() > MAX_TIMES_PER_DAY) {
            throw ProblemException.rule(
                    "schedule-too-many-times",
                    "schedule.times",
                    "scheduling.schedule.too-many-times",
                    MAX_TIMES_PER_DAY);
        }
        if (except.size() > MAX_EXCEPT_DATES) {
            throw ProblemException.rule(
                    "schedule-too-many-except-dates",
                    "schedule.exceptDates",
                    "scheduling.schedule.too-many-except-dates",
                    MAX_EXCEPT_DATES);
        }
        checkDate(start, "schedule.startDate");
        checkDate(end, "schedule.endDate");
        if (start != null && end != null && start.plusDays(MAX_SPAN_DAYS).isBefore(end)) {
            throw ProblemException.rule(
                    "schedule-too-long", "schedule.endDate", "scheduling.schedule.too-long", MAX_SPAN_DAYS);
        }
    }

    private static void checkDate(LocalDate day, String field) {
        if (day != null && (day.isBefore(FIRST_DATE) || day.isAfter(LAST_DATE))) {
            throw ProblemException.rule(
                    "schedule-date-out-of-range",
                    field,
                    "scheduling.schedule.date-out-of-range",
                    FIRST_DATE.toString(),
                    LAST_DATE.toString());
        }
    }

    private static void checkOccurrences(Recurring recurring) {
        if (recurring.startDate() == null || recurring.endDate() == null) {
            return; // open-ended: only ever expanded within a bounded window
        }
        long days = 0;
        for (LocalDate day = recurring.startDate(); !day.isAfter(recurring.endDate()); day = day.plusDays(1)) {
            if (recurring.occursOn(day)) {
                days++;
            }
        }
        long occurrences = days * recurring.times().size();
        if (occurrences > MAX_OCCURRENCES) {
            throw ProblemException.rule(
                    "schedule-too-many-occurrences",
                    "schedule",
                    "scheduling.schedule.too-many-occurrences",
                    MAX_OCCURRENCES,
                    occurrences);
        }
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ProblemException(RefusalKind.INVALID, "invalid-input", problems, "problem.invalid-input");
        }
    }
}
