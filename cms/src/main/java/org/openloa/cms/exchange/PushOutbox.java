package org.openloa.cms.exchange;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is still to be pushed to the upstream, as the notifications' outbox keeps deliveries: rows written in the
 * transaction that caused them, taken by one node at a time through a lease (a conditional update), sent at least
 * once, and retried after a failure with a doubling wait; never given up (an upstream away for a week still gets
 * the week's figures). Each row's key is the path of an idempotent PUT, so a row sent twice is stored once. A
 * newer row for a key not yet sent replaces it (a day's figures recounted).
 */
@Component
class PushOutbox {

    static final Duration LEASE = Duration.ofMinutes(2);

    record Push(UUID id, String kind, String key, String body, int attempts) {}

    private final JdbcTemplate jdbc;

    PushOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String kind, String key, String body, Instant now) {
        jdbc.update(
                "delete from exchange_outbox where push_key = ? and delivered_at is null"
                        + " and (claimed_until is null or claimed_until < ?)",
                key,
                Timestamp.from(now));
        jdbc.update(
                "insert into exchange_outbox (id, kind, push_key, body, created_at, next_attempt_at, attempts)"
                        + " values (?, ?, ?, ?, ?, ?, 0)",
                UUID.randomUUID(),
                kind,
                key,
                body,
                Timestamp.from(now),
                Timestamp.from(now));
    }

    boolean has(String key) {
        Long n = jdbc.queryForObject("select count(*) from exchange_outbox where push_key = ?", Long.class, key);
        return n != null && n > 0;
    }

    List<Push> claim(Instant now, int limit) {
        List<UUID> due = jdbc.queryForList(
                "select id from exchange_outbox where delivered_at is null and next_attempt_at <= ?"
                        + " and (claimed_until is null or claimed_until < ?) order by created_at fetch first " + limit
                        + " rows only",
                UUID.class,
                Timestamp.from(now),
                Timestamp.from(now));
        List<Push> taken = new ArrayList<>();
        for (UUID id : due) {
            int won = jdbc.update(
                    "update exchange_outbox set claimed_until = ?, attempts = attempts + 1 where id = ?"
                            + " and delivered_at is null and (claimed_until is null or claimed_until < ?)",
                    Timestamp.from(now.plus(LEASE)),
                    id,
                    Timestamp.from(now));
            if (won == 1) {
                jdbc.query(
                                "select id, kind, push_key, body, attempts from exchange_outbox where id = ?",
                                (rs, i) -> new Push(
                                        rs.getObject(1, UUID.class),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getInt(5)),
                                id)
                        .forEach(taken::add);
            }
        }
        return taken;
    }

    void delivered(UUID id, Instant at) {
        jdbc.update(
                "update exchange_outbox set delivered_at = ?, claimed_until = null, last_error = null where id = ?",
                Timestamp.from(at),
                id);
    }

    /** A failed attempt: tried again after {@code first}, doubled per attempt, at most {@code max}. */
    void failed(Push push, String error, Instant at, Duration first, Duration max) {
        long wait = Math.min(max.toMillis(), first.toMillis() << Math.min(20, Math.max(0, push.attempts() - 1)));
        jdbc.update(
                "update exchange_outbox set claimed_until = null, last_error = ?, next_attempt_at = ? where id = ?",
                error.length() > 500 ? error.substring(0, 500) : error,
                Timestamp.from(at.plusMillis(wait)),
                push.id());
    }

    /** Rows waiting to be sent, and rows sent (the status answer). */
    java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        counts.put(
                "waiting",
                jdbc.queryForObject("select count(*) from exchange_outbox where delivered_at is null", Long.class));
        counts.put(
                "sent",
                jdbc.queryForObject("select count(*) from exchange_outbox where delivered_at is not null", Long.class));
        return counts;
    }
}
