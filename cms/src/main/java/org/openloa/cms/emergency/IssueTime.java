package org.openloa.cms.emergency;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * What a spoken warning says first: the time it was issued, in the owner area's zone, so that every repeat two
 * hours later still says when the warning is from ("Thông báo lúc 6 giờ 30 ngày 4 tháng 12: …").
 */
final class IssueTime {

    private IssueTime() {}

    static String spoken(String text, String voice, Instant issuedAt, ZoneId zone) {
        ZonedDateTime at = issuedAt.atZone(zone);
        boolean vietnamese = voice == null
                || voice.isBlank()
                || voice.toLowerCase(Locale.ROOT).startsWith("vi");
        String prefix = vietnamese
                ? "Thông báo lúc %d giờ %02d ngày %d tháng %d: "
                        .formatted(at.getHour(), at.getMinute(), at.getDayOfMonth(), at.getMonthValue())
                : "%02d:%02d, %02d/%02d: "
                        .formatted(at.getHour(), at.getMinute(), at.getDayOfMonth(), at.getMonthValue());
        return prefix + text.strip();
    }
}
