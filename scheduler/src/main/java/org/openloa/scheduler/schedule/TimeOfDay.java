package org.openloa.scheduler.schedule;

import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time of day as people in Vietnam write it: "6h30", "17h", "17h05", "6g30", "6 giờ 30", as well as "6:30",
 * "06:30" and "06:30:00". Every place that reads a local time (a broadcast's times, a device's quiet hours, a form
 * field) reads it here, so "6h30" means 06:30 everywhere, and a time that cannot be read says why (the hour, the
 * minute, or not a time at all) instead of a parser's message.
 */
public final class TimeOfDay {

    /** Why a text is not a time of day; the caller turns it into words in the user's language. */
    public enum Fault {
        NOT_A_TIME,
        HOUR_OUT_OF_RANGE,
        MINUTE_OUT_OF_RANGE
    }

    /** A text that is not a time of day, and why. */
    public static final class Unreadable extends IllegalArgumentException {

        private final transient Fault fault;
        private final String text;

        Unreadable(Fault fault, String text) {
            super(fault + ": " + text);
            this.fault = fault;
            this.text = text;
        }

        public Fault fault() {
            return fault;
        }

        public String text() {
            return text;
        }
    }

    // "6:30", "06:30", "06:30:00": the clock's own way, as the API has always taken it.
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    // "6h30", "17h", "17h05", "6g30", "6 giờ 30 phút", "6h30p": the hour, a word for it, perhaps minutes.
    private static final Pattern SPOKEN = Pattern.compile(
            "(\\d{1,2})\\s*(?:h|g|giờ)\\s*(?:(\\d{1,2})\\s*(?:p|ph|phút|')?)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private TimeOfDay() {}

    /** The local time {@code text} names; {@link Unreadable} when it names none. */
    public static LocalTime parse(String text) {
        if (text == null) {
            throw new Unreadable(Fault.NOT_A_TIME, "");
        }
        String given = text.strip();
        Matcher clock = CLOCK.matcher(given);
        if (clock.matches()) {
            return of(given, clock.group(1), clock.group(2), clock.group(3));
        }
        Matcher spoken = SPOKEN.matcher(given.toLowerCase(Locale.ROOT));
        if (spoken.matches()) {
            String minutes = spoken.group(2);
            // "6h5" is not how anyone writes five past six; a minute written after "h" has two digits.
            if (minutes != null && minutes.length() != 2) {
                throw new Unreadable(Fault.NOT_A_TIME, given);
            }
            return of(given, spoken.group(1), minutes, null);
        }
        throw new Unreadable(Fault.NOT_A_TIME, given);
    }

    /** The canonical way to write it back, 24 hours: "06:30". */
    public static String format(LocalTime time) {
        return String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
    }

    private static LocalTime of(String given, String hours, String minutes, String seconds) {
        int hour = Integer.parseInt(hours);
        int minute = minutes == null ? 0 : Integer.parseInt(minutes);
        int second = seconds == null ? 0 : Integer.parseInt(seconds);
        if (hour > 23) {
            throw new Unreadable(Fault.HOUR_OUT_OF_RANGE, given);
        }
        if (minute > 59) {
            throw new Unreadable(Fault.MINUTE_OUT_OF_RANGE, given);
        }
        if (second > 59) {
            throw new Unreadable(Fault.NOT_A_TIME, given);
        }
        return LocalTime.of(hour, minute, second);
    }
}
