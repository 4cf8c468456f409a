package org.openloa.cms.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * Dates and times as every page writes them: day first, 24 hours, in the zone the page passes (an area's, or
 * Vietnam's), never the server's. Templates reach it as {@code times}; a {@code null} time writes nothing.
 */
public final class LocalTimes {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter DAY_AND_MONTH = DateTimeFormatter.ofPattern("dd/MM HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final MessageSource messages;

    LocalTimes(MessageSource messages) {
        this.messages = messages;
    }

    /** 08/03/2027 06:00, of a time that carries its zone or offset. */
    public String minute(TemporalAccessor time) {
        return time == null ? null : MINUTE.format(time);
    }

    public String minute(Instant instant, ZoneId zone) {
        return instant == null ? null : MINUTE.format(instant.atZone(zone));
    }

    public String second(Instant instant, ZoneId zone) {
        return instant == null ? null : SECOND.format(instant.atZone(zone));
    }

    public String day(TemporalAccessor date) {
        return date == null ? null : DAY.format(date);
    }

    public String day(Instant instant, ZoneId zone) {
        return instant == null ? null : DAY.format(instant.atZone(zone));
    }

    /** 08/03 06:00, where the year goes without saying (a list of recent changes). */
    public String dayAndMonth(Instant instant, ZoneId zone) {
        return instant == null ? null : DAY_AND_MONTH.format(instant.atZone(zone));
    }

    public String clock(TemporalAccessor time) {
        return time == null ? null : CLOCK.format(time);
    }

    /** 06:10, or 06:10:30 when the time is not on the minute (an item that ends mid-minute). */
    public String clockToTheSecond(TemporalAccessor time) {
        if (time == null) {
            return null;
        }
        return time.get(ChronoField.SECOND_OF_MINUTE) == 0 ? CLOCK.format(time) : CLOCK_SECONDS.format(time);
    }

    /** Thứ Hai 08/03/2027 06:00: an occurrence, with its weekday in the page's language. */
    public String weekdayMinute(TemporalAccessor time) {
        if (time == null) {
            return null;
        }
        String weekday = java.time.DayOfWeek.from(time).name();
        return messages.getMessage("weekday." + weekday, null, weekday, LocaleContextHolder.getLocale()) + " "
                + MINUTE.format(time);
    }

    /** 08/03/2027 06:00–06:10: a slot within one day. */
    public String span(TemporalAccessor start, TemporalAccessor end) {
        return start == null ? null : MINUTE.format(start) + "–" + CLOCK.format(end);
    }
}
