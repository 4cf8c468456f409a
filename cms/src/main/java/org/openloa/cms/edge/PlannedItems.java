package org.openloa.cms.edge;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.protocol.Manifest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The plan items each device was sent (table device_plan_item), so a play log is accepted only for an item the
 * device was really told to play, and started near its planned window. It is the device's own history rather
 * than the live broadcasts: a broadcast deleted or moved after it played still has its proof of play. Each
 * statement stands alone, like the manifest's media memory: two nodes listing the same item both end with the
 * row there.
 */
@Component
class PlannedItems {

    /** How long after its window an item is remembered: a box offline this long loses its late play logs. */
    static final Duration MEMORY = Duration.ofDays(90);

    /** A box's clock may run this far ahead of the server's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** A play may start this long after its window ends: held back by an emergency, or a late poll. */
    static final Duration LATE = Duration.ofHours(1);

    record Window(Instant start, Instant end) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean postgres;

    PlannedItems(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.postgres = jdbc.execute((ConnectionCallback<Boolean>) c -> c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres"));
    }

    /** Remembers the items of a manifest just built for the device; items already remembered are left alone. */
    void listed(UUID deviceId, List<Manifest.Item> items, Instant windowStart) {
        Instant now = clock.instant();
        jdbc.update(
                "delete from device_plan_item where device_id = ? and planned_end < ?",
                deviceId,
                Timestamp.from(now.minus(MEMORY)));
        if (items.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(jdbc.queryForList(
                "select item_id from device_plan_item where device_id = ? and planned_end >= ?",
                String.class,
                deviceId,
                Timestamp.from(windowStart.minus(Duration.ofDays(1)))));
        String insert = "insert into device_plan_item (device_id, item_id, planned_start, planned_end, first_listed)"
                + " values (?, ?, ?, ?, ?)" + (postgres ? " on conflict do nothing" : "");
        for (Manifest.Item item : items) {
            if (known.contains(item.id())) {
                continue;
            }
            try {
                jdbc.update(
                        insert,
                        deviceId,
                        item.id(),
                        Timestamp.from(item.start().toInstant()),
                        Timestamp.from(item.end().toInstant()),
                        Timestamp.from(now));
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // Listed by the other build a moment ago: the row is there, as wanted.
            }
        }
    }

    /** The planned window of an item the device was sent, if it was. */
    Optional<Window> window(UUID deviceId, String itemId) {
        return jdbc
                .query(
                        "select planned_start, planned_end from device_plan_item where device_id = ? and item_id = ?",
                        (rs, i) -> new Window(
                                rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant()),
                        deviceId,
                        itemId)
                .stream()
                .findFirst();
    }
}
