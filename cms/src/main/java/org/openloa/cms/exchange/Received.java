package org.openloa.cms.exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The downstream's memory of what came from the upstream: the pull's cursor, each upstream broadcast with the local
 * broadcast airing it, and each upstream bulletin with the local bulletin holding it, so a dispatch seen twice (a
 * pull repeated after a crash, the same change sent again) changes nothing the first did not.
 */
@Component
class Received {

    static final String FEED = "dispatches";

    /** A received upstream broadcast. {@code state}: RECEIVED, REFUSED (not airable here: see problem), ENDED. */
    record Row(String upstreamId, UUID localBroadcastId, UUID areaId, String priority, String state, String problem) {}

    private final JdbcTemplate jdbc;

    Received(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> cursor() {
        return jdbc
                .query(
                        "select updated_at, last_id from exchange_cursor where feed = ?",
                        (rs, i) -> rs.getTimestamp(1).toInstant() + "~" + rs.getString(2),
                        FEED)
                .stream()
                .findFirst();
    }

    void moveCursor(Instant updatedAt, String lastId, Instant now) {
        int moved = jdbc.update(
                "update exchange_cursor set updated_at = ?, last_id = ?, pulled_at = ? where feed = ?",
                Timestamp.from(updatedAt),
                lastId,
                Timestamp.from(now),
                FEED);
        if (moved == 0) {
            jdbc.update(
                    "insert into exchange_cursor (feed, updated_at, last_id, pulled_at) values (?, ?, ?, ?)",
                    FEED,
                    Timestamp.from(updatedAt),
                    lastId,
                    Timestamp.from(now));
        }
    }

    Optional<Row> broadcast(String upstreamId) {
        return jdbc
                .query(
                        "select upstream_id, local_broadcast_id, area_id, priority, state, problem from exchange_received"
                                + " where upstream_id = ?",
                        (rs, i) -> new Row(
                                rs.getString(1),
                                rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6)),
                        upstreamId)
                .stream()
                .findFirst();
    }

    void saveBroadcast(Row row, Instant upstreamUpdatedAt, Instant now) {
        int updated = jdbc.update(
                "update exchange_received set upstream_updated_at = ?, local_broadcast_id = ?, area_id = ?,"
                        + " priority = ?, state = ?, problem = ?, received_at = ? where upstream_id = ?",
                Timestamp.from(upstreamUpdatedAt),
                row.localBroadcastId(),
                row.areaId(),
                row.priority(),
                row.state(),
                row.problem(),
                Timestamp.from(now),
                row.upstreamId());
        if (updated == 0) {
            jdbc.update(
                    "insert into exchange_received (upstream_id, upstream_updated_at, local_broadcast_id, area_id,"
                            + " priority, state, problem, received_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    row.upstreamId(),
                    Timestamp.from(upstreamUpdatedAt),
                    row.localBroadcastId(),
                    row.areaId(),
                    row.priority(),
                    row.state(),
                    row.problem(),
                    Timestamp.from(now));
        }
    }

    Optional<UUID> bulletin(String upstreamId) {
        return jdbc
                .queryForList(
                        "select local_bulletin_id from exchange_received_bulletin where upstream_id = ?",
                        UUID.class,
                        upstreamId)
                .stream()
                .findFirst();
    }

    void saveBulletin(String upstreamId, UUID localId, String sha256, Instant now) {
        jdbc.update(
                "insert into exchange_received_bulletin (upstream_id, local_bulletin_id, sha256, received_at)"
                        + " values (?, ?, ?, ?)",
                upstreamId,
                localId,
                sha256,
                Timestamp.from(now));
    }

    /** How many upstream broadcasts are held in each state (the status page). */
    java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("select state, count(*) from exchange_received group by state", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
