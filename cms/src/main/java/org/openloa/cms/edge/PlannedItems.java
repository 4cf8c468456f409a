package org.openloa.cms.edge;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.database.Dialect;
import org.openloa.protocol.Manifest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The plan items each device was sent (table device_plan_item), so a play log is accepted only for an item the
 * device was really told to play, and started near its planned window. It is the device's own history rather
 * than the live broadcasts: a broadcast deleted or moved after it played still has its proof of play. Two nodes
 * listing the same item both end with the row there.
 */
@Component
class PlannedItems {

    /** How long after its window an item is remembered: a box offline this long loses its late play logs. */
    static final Duration MEMORY = Duration.ofDays(90);

    /** A box's clock may run this far ahead of the server's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * A play log may start this long after its window ends, or after the device was first told of the item if that
     * came later: held back by an emergency, a late poll, or a box that learned of an item after its end and says so
     * (SKIPPED, "late: arrived after its end"), which it does at once but may send hours later from its outbox.
     */
    static final Duration LATE = Duration.ofHours(1);

    /**
     * An item's planned window, and when the device was first sent it.
     *
     * @param firstListed when the first manifest listing it for this device was built: a box cannot have heard of it
     *                    earlier
     */
    record Window(Instant start, Instant end, Instant firstListed) {

        /** The latest a play log's start may be, LATE after the window's end or after the device first heard of it. */
        Instant latestStart() {
            return (firstListed.isAfter(end) ? firstListed : end).plus(LATE);
        }
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final boolean postgres;

    PlannedItems(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
        this.postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
    }

    /**
     * Remembers the items of the manifests just built, device by device; items already remembered are left alone
     * (their first_listed is when the device was first told). Set-based, one statement of each kind for the whole
     * batch: run one by one in autocommit, a warm burst of 1,000 devices took about a dozen statements per device
     * (docs/benchmarks.md, "Emergency: time to air"). The caller's transaction holds them together with the media
     * memory ({@link ListedMedia}), committed before any of these manifests is served.
     */
    void listed(Map<UUID, List<Manifest.Item>> itemsOf, Instant now) {
        if (itemsOf.isEmpty()) {
            return;
        }
        MapSqlParameterSource batch = new MapSqlParameterSource()
                .addValue("devices", List.copyOf(itemsOf.keySet()))
                .addValue("before", Timestamp.from(now.minus(MEMORY)));
        named.update("delete from device_plan_item where device_id in (:devices) and planned_end < :before", batch);
        Set<String> itemIds = new HashSet<>();
        itemsOf.values().forEach(items -> items.forEach(i -> itemIds.add(i.id())));
        if (itemIds.isEmpty()) {
            return;
        }
        Set<List<Object>> known = new HashSet<>();
        named.query(
                "select device_id, item_id from device_plan_item where device_id in (:devices) and item_id in (:items)",
                batch.addValue("items", List.copyOf(itemIds)),
                rs -> {
                    known.add(List.of(rs.getObject(1, UUID.class), rs.getString(2)));
                });
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<UUID, List<Manifest.Item>> device : itemsOf.entrySet()) {
            for (Manifest.Item item : device.getValue()) {
                if (known.add(List.of(device.getKey(), item.id()))) {
                    rows.add(new Object[] {
                        device.getKey(),
                        item.id(),
                        Timestamp.from(item.start().toInstant()),
                        Timestamp.from(item.end().toInstant()),
                        Timestamp.from(now)
                    });
                }
            }
        }
        if (!rows.isEmpty()) {
            // PostgreSQL: another node listing the same item meanwhile is no conflict; H2 fails the transaction with a
            // DuplicateKeyException, which the caller retries (the row is then known).
            jdbc.batchUpdate(
                    "insert into device_plan_item (device_id, item_id, planned_start, planned_end, first_listed)"
                            + " values (?, ?, ?, ?, ?)" + (postgres ? " on conflict do nothing" : ""),
                    rows);
        }
    }

    /** The planned window of an item the device was sent, if it was. */
    Optional<Window> window(UUID deviceId, String itemId) {
        return jdbc
                .query(
                        "select planned_start, planned_end, first_listed from device_plan_item"
                                + " where device_id = ? and item_id = ?",
                        (rs, i) -> new Window(
                                rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant()),
                        deviceId,
                        itemId)
                .stream()
                .findFirst();
    }
}
