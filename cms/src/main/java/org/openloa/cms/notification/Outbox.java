package org.openloa.cms.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.outbox.OutboxTable;
import org.openloa.cms.outbox.Retries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is still to be sent by e-mail or to a webhook, in a durable outbox ({@link org.openloa.cms.outbox}). Rows
 * are written in the transaction of the event that caused them, so what was committed is sent and what was rolled
 * back is not; they are sent afterwards, at least once, each with its id for the receiver to drop a repeat, and
 * tried again after a failure (10 s, 20 s, 40 s… at most an hour) until {@link #MAX_ATTEMPTS} attempts.
 */
@Component
class Outbox {

    /** After this many failed attempts a delivery is given up (and stays in the table, with its last error). */
    static final int MAX_ATTEMPTS = 8;

    enum Channel {
        EMAIL,
        WEBHOOK
    }

    /** A row to send. For a webhook, {@code target} is the area whose hook it goes to. */
    record Delivery(UUID id, Channel channel, String target, UUID areaId, String subject, String body, int attempts)
            implements OutboxTable.Row {

        @Override
        public String kind() {
            return channel.name();
        }
    }

    private final JdbcTemplate jdbc;
    final OutboxTable<Delivery> table;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.table = new OutboxTable<>(
                jdbc,
                "notification_delivery",
                "id, channel, target, area_id, subject, body, attempts",
                (rs, i) -> new Delivery(
                        rs.getObject(1, UUID.class),
                        Channel.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getInt(7)),
                "next_attempt_at",
                Retries.upTo(MAX_ATTEMPTS, Duration.ofSeconds(10), Duration.ofHours(1)));
    }

    void add(UUID id, Channel channel, String target, UUID areaId, String subject, String body, Instant at) {
        jdbc.update(
                "insert into notification_delivery (id, channel, target, area_id, subject, body, created_at,"
                        + " next_attempt_at, attempts) values (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                id,
                channel.name(),
                target,
                areaId,
                Inbox.clip(subject, 500),
                Inbox.clip(body, 8000),
                Timestamp.from(at),
                Timestamp.from(at));
    }

    /** Which rows a node can send: with no mail server only webhooks (it leaves e-mails to a node that has one). */
    static String sendable(boolean withEmail) {
        return withEmail ? "" : "channel = 'WEBHOOK'";
    }
}
