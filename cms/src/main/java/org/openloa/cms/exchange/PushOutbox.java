package org.openloa.cms.exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.outbox.OutboxTable;
import org.openloa.cms.outbox.Retries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is still to be pushed to the upstream, in a durable outbox ({@link org.openloa.cms.outbox}): rows written in
 * the transaction that caused them, taken by one node at a time through a lease, sent at least once, and retried
 * after a failure with a doubling wait; never given up (an upstream away for a week still gets the week's figures).
 * Each row's key is the path of an idempotent PUT, so a row sent twice is stored once. A newer row for a key not
 * yet sent replaces it (a day's figures recounted).
 */
@Component
class PushOutbox {

    record Push(UUID id, String kind, String key, String body, int attempts) implements OutboxTable.Row {}

    private final JdbcTemplate jdbc;
    /** Taken under a lease and retried with {@code openloa.upstream.retry-first}/{@code retry-max}, never given up. */
    final OutboxTable<Push> table;

    PushOutbox(JdbcTemplate jdbc, UpstreamSettings settings) {
        this.jdbc = jdbc;
        this.table = new OutboxTable<>(
                jdbc,
                "exchange_outbox",
                "id, kind, push_key, body, attempts",
                (rs, i) -> new Push(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                "created_at",
                Retries.forever(settings.retryFirst(), settings.retryMax()));
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
