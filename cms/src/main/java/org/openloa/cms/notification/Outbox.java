package org.openloa.cms.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is still to be sent by e-mail or to a webhook. Rows are written in the transaction of the event that
 * caused them, so what was committed is sent and what was rolled back is not; they are sent afterwards, at least
 * once, each with its id for the receiver to drop a repeat. Several nodes share the work without a lock: a row is
 * taken by one conditional update that sets a lease, and a node that dies holding one lets the lease run out.
 */
@Component
class Outbox {

    /** After this many failed attempts a delivery is given up (and stays in the table, with its last error). */
    static final int MAX_ATTEMPTS = 8;
    /** How long a node may hold a row while it sends it. */
    static final Duration LEASE = Duration.ofMinutes(2);

    enum Channel {
        EMAIL,
        WEBHOOK
    }

    /** A row to send. For a webhook, {@code target} is the area whose hook it goes to. */
    record Delivery(UUID id, Channel channel, String target, UUID areaId, String subject, String body, int attempts) {}

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /**
     * Takes up to {@code limit} rows that are due and not held by another node; with {@code withEmail} false only
     * webhooks (a node without a mail server leaves e-mails to one that has it).
     */
    List<Delivery> claim(Instant now, int limit, boolean withEmail) {
        List<UUID> due = jdbc.queryForList(
                "select id from notification_delivery where delivered_at is null and failed_at is null"
                        + " and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)"
                        + (withEmail ? "" : " and channel = 'WEBHOOK'")
                        + " order by next_attempt_at fetch first " + limit + " rows only",
                UUID.class,
                Timestamp.from(now),
                Timestamp.from(now));
        List<Delivery> taken = new ArrayList<>();
        for (UUID id : due) {
            int won = jdbc.update(
                    "update notification_delivery set claimed_until = ?, attempts = attempts + 1 where id = ?"
                            + " and delivered_at is null and failed_at is null"
                            + " and (claimed_until is null or claimed_until < ?)",
                    Timestamp.from(now.plus(LEASE)),
                    id,
                    Timestamp.from(now));
            if (won == 1) {
                find(id).ifPresent(taken::add);
            }
        }
        return taken;
    }

    void delivered(UUID id, Instant at) {
        jdbc.update(
                "update notification_delivery set delivered_at = ?, claimed_until = null, last_error = null where id = ?",
                Timestamp.from(at),
                id);
    }

    /** Records a failed attempt: tried again later (10 s, 20 s, 40 s… at most an hour), or given up. */
    void failed(Delivery delivery, String error, Instant at) {
        boolean last = delivery.attempts() >= MAX_ATTEMPTS;
        long seconds = Math.min(3600, 10L << Math.min(20, Math.max(0, delivery.attempts() - 1)));
        jdbc.update(
                "update notification_delivery set claimed_until = null, last_error = ?, next_attempt_at = ?,"
                        + " failed_at = ? where id = ?",
                Inbox.clip(error, 500),
                Timestamp.from(at.plusSeconds(seconds)),
                last ? Timestamp.from(at) : null,
                delivery.id());
    }

    private Optional<Delivery> find(UUID id) {
        return jdbc
                .query(
                        "select id, channel, target, area_id, subject, body, attempts from notification_delivery"
                                + " where id = ?",
                        (rs, i) -> new Delivery(
                                rs.getObject(1, UUID.class),
                                Channel.valueOf(rs.getString(2)),
                                rs.getString(3),
                                rs.getObject(4, UUID.class),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getInt(7)),
                        id)
                .stream()
                .findFirst();
    }
}
