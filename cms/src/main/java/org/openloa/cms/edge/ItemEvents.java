package org.openloa.cms.edge;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.database.Dialect;
import org.openloa.protocol.ItemEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The boxes' item events (table item_event, POST /edge/v1/events), each stored once by its id: a box re-sends
 * from its outbox until it is acknowledged, so a batch sent twice is stored once. Checked by the caller (every
 * event names an item the device was sent) before anything is stored.
 */
@Component
class ItemEvents {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;
    private final boolean postgres;

    ItemEvents(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
        this.postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
    }

    /** Stores the events not stored before; answers how many were new. */
    @Transactional
    int store(UUID deviceId, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Set<UUID> known = new HashSet<>(named.queryForList(
                "select id from item_event where id in (:ids)",
                new MapSqlParameterSource(
                        "ids", events.stream().map(e -> UUID.fromString(e.id())).toList()),
                UUID.class));
        Timestamp now = Timestamp.from(clock.instant());
        String insert = "insert into item_event (id, device_id, item_id, type, at, reason, received_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)" + (postgres ? " on conflict do nothing" : "");
        int stored = 0;
        for (ItemEvent event : events) {
            UUID id = UUID.fromString(event.id());
            if (!known.add(id)) {
                continue;
            }
            try {
                stored += jdbc.update(
                        insert,
                        id,
                        deviceId,
                        event.itemId(),
                        event.type().name(),
                        Timestamp.from(event.at().toInstant()),
                        event.reason(),
                        now);
            } catch (DuplicateKeyException sentTwiceAtOnce) {
                // The same batch on two connections at once: the row is there, as wanted.
            }
        }
        return stored;
    }
}
