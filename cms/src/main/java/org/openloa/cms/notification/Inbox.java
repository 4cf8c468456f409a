package org.openloa.cms.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The notification rows and each user's choices. Every read and write names the user: nobody reads or marks
 * another's notifications, whatever id they send.
 */
@Component
class Inbox {

    /** The page and the API show this many, newest first; older ones stay for the count until read. */
    static final int PAGE = 100;

    private final JdbcTemplate jdbc;

    Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(UUID userId, Happening what, Instant at) {
        jdbc.update(
                "insert into notification (id, user_id, kind, area_path, subject_type, subject_id, subject, detail,"
                        + " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                userId,
                what.kind().name(),
                what.areaPath(),
                what.subjectType(),
                what.subjectId(),
                clip(what.subject(), 500),
                clip(what.detail(), 2000),
                Timestamp.from(at));
    }

    List<Notification> of(UUID userId, boolean unreadOnly) {
        return jdbc.query(
                "select id, kind, area_path, subject_type, subject_id, subject, detail, created_at, read_at"
                        + " from notification where user_id = ?" + (unreadOnly ? " and read_at is null" : "")
                        + " order by created_at desc, id fetch first " + PAGE + " rows only",
                Inbox::row,
                userId);
    }

    long unread(UUID userId) {
        Long n = jdbc.queryForObject(
                "select count(*) from notification where user_id = ? and read_at is null", Long.class, userId);
        return n == null ? 0 : n;
    }

    /** Marks one read; false when the user has no such notification. Marking it again changes nothing. */
    boolean markRead(UUID userId, UUID id, Instant at) {
        jdbc.update(
                "update notification set read_at = ? where id = ? and user_id = ? and read_at is null",
                Timestamp.from(at),
                id,
                userId);
        return !jdbc.queryForList("select 1 from notification where id = ? and user_id = ?", id, userId)
                .isEmpty();
    }

    int markAllRead(UUID userId, Instant at) {
        return jdbc.update(
                "update notification set read_at = ? where user_id = ? and read_at is null",
                Timestamp.from(at),
                userId);
    }

    /** Every kind's choice for the user, the standard one where they made none. */
    Map<NotificationKind, Preference> preferences(UUID userId) {
        Map<NotificationKind, Preference> all = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : NotificationKind.values()) {
            all.put(kind, Preference.standard(kind));
        }
        jdbc.query(
                "select kind, enabled, by_email from notification_preference where user_id = ?",
                rs -> {
                    try {
                        NotificationKind kind = NotificationKind.valueOf(rs.getString(1));
                        all.put(kind, new Preference(kind, rs.getBoolean(2), rs.getBoolean(3)));
                    } catch (IllegalArgumentException retiredKind) {
                        // a kind no longer offered: its row is ignored
                    }
                },
                userId);
        return all;
    }

    void save(UUID userId, Preference preference) {
        int updated = jdbc.update(
                "update notification_preference set enabled = ?, by_email = ? where user_id = ? and kind = ?",
                preference.enabled(),
                preference.byEmail(),
                userId,
                preference.kind().name());
        if (updated == 0) {
            jdbc.update(
                    "insert into notification_preference (user_id, kind, enabled, by_email) values (?, ?, ?, ?)",
                    userId,
                    preference.kind().name(),
                    preference.enabled(),
                    preference.byEmail());
        }
    }

    private static Notification row(ResultSet rs, int i) throws SQLException {
        String type = rs.getString(4);
        String subjectId = rs.getString(5);
        Timestamp read = rs.getTimestamp(9);
        return new Notification(
                rs.getObject(1, UUID.class),
                NotificationKind.valueOf(rs.getString(2)),
                rs.getString(3),
                type,
                subjectId,
                rs.getString(6),
                rs.getString(7),
                rs.getTimestamp(8).toInstant(),
                read == null ? null : read.toInstant(),
                Notification.linkOf(type, subjectId));
    }

    static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
