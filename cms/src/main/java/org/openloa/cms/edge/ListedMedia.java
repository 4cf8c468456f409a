package org.openloa.cms.edge;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The media each device was told to hold (table device_media), so that its manifest can list in purge[] what it was
 * told about within the purge memory and no longer needs. Set-based over a batch of devices, in the caller's
 * transaction, like {@link PlannedItems}: the warm burst after an emergency lists the same medium for 1,000 devices.
 */
@Component
class ListedMedia {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final EdgeProperties properties;

    ListedMedia(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, EdgeProperties properties) {
        this.jdbc = jdbc;
        this.named = named;
        this.properties = properties;
    }

    /**
     * Remembers that each device is told to hold {@code mediaOf.get(device)} now, and answers, by device, the media
     * it was told about within the purge memory and no longer needs (sorted, so the same memory gives the same
     * manifest).
     */
    Map<UUID, List<String>> listed(Map<UUID, Set<String>> mediaOf, Instant now) {
        if (mediaOf.isEmpty()) {
            return Map.of();
        }
        MapSqlParameterSource batch = new MapSqlParameterSource()
                .addValue("devices", List.copyOf(mediaOf.keySet()))
                .addValue("before", Timestamp.from(now.minus(properties.purgeMemory())));
        named.update("delete from device_media where device_id in (:devices) and last_listed_at < :before", batch);
        Map<UUID, Set<String>> known = new HashMap<>();
        named.query("select device_id, media_id from device_media where device_id in (:devices)", batch, rs -> {
            known.computeIfAbsent(rs.getObject(1, UUID.class), d -> new TreeSet<>())
                    .add(rs.getString(2));
        });
        List<Object[]> seen = new ArrayList<>();
        List<Object[]> added = new ArrayList<>();
        Map<UUID, List<String>> purge = new HashMap<>();
        Timestamp at = Timestamp.from(now);
        for (Map.Entry<UUID, Set<String>> device : mediaOf.entrySet()) {
            Set<String> held = known.getOrDefault(device.getKey(), Set.of());
            for (String id : device.getValue()) {
                (held.contains(id) ? seen : added).add(new Object[] {device.getKey(), id, at});
            }
            Set<String> gone = new TreeSet<>(held);
            gone.removeAll(device.getValue());
            purge.put(device.getKey(), List.copyOf(gone));
        }
        if (!seen.isEmpty()) {
            int[] updated = jdbc.batchUpdate(
                    "update device_media set last_listed_at = ? where device_id = ? and media_id = ?",
                    seen.stream().map(r -> new Object[] {r[2], r[0], r[1]}).toList());
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    added.add(seen.get(i)); // forgotten by another node's purge since the read above
                }
            }
        }
        if (!added.isEmpty()) {
            // Another build listing it meanwhile fails the transaction with a DuplicateKeyException, which the caller
            // retries (the row is then known and updated).
            jdbc.batchUpdate("insert into device_media (device_id, media_id, last_listed_at) values (?, ?, ?)", added);
        }
        return purge;
    }
}
