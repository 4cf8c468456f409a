package org.openloa.cms.playlog;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.DeviceService;
import org.openloa.protocol.PlayLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Proof of play (table play_log). Each entry is stored under the id its device made, once: a batch re-sent
 * after a lost answer, or by two cms nodes at the same moment, stores nothing twice. On PostgreSQL the insert
 * says so itself ({@code on conflict do nothing}, safe under concurrency); on H2 (one embedded node) a duplicate
 * key is caught per row, which H2 allows without spoiling the transaction.
 */
@Service
@Transactional
public class PlayLogs {

    /** The most rows one read returns. */
    public static final int MAX_ROWS = 10_000;

    private final JdbcTemplate jdbc;
    private final DeviceService devices;
    private final AreaService areas;
    private final Clock clock;
    private final boolean postgres;

    PlayLogs(JdbcTemplate jdbc, DeviceService devices, AreaService areas, Clock clock) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.areas = areas;
        this.clock = clock;
        this.postgres = jdbc.execute((ConnectionCallback<Boolean>) c -> c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres"));
    }

    /** How a batch went: entries new to the server, and entries it already had. */
    public record Stored(int stored, int duplicates) {}

    /**
     * Stores a device's play logs, already checked by the caller (ids are UUIDs). The device is the one whose
     * credential sent them: nobody reports for another device.
     */
    public Stored store(UUID deviceId, List<PlayLog> logs) {
        Instant now = clock.instant();
        String insert = "insert into play_log (id, device_id, item_id, media_id, started_at, ended_at, outcome, reason,"
                + " received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)" + (postgres ? " on conflict (id) do nothing" : "");
        int stored = 0;
        for (PlayLog log : logs) {
            int inserted;
            try {
                inserted = jdbc.update(
                        insert,
                        UUID.fromString(log.id()),
                        deviceId,
                        log.itemId(),
                        log.mediaId(),
                        Timestamp.from(log.startedAt().toInstant()),
                        log.endedAt() == null
                                ? null
                                : Timestamp.from(log.endedAt().toInstant()),
                        log.outcome().name(),
                        log.reason() == null ? null : clip(log.reason(), 1000),
                        Timestamp.from(now));
            } catch (DuplicateKeyException alreadyStored) {
                inserted = 0;
            }
            stored += inserted;
        }
        return new Stored(stored, logs.size() - stored);
    }

    /**
     * Play logs of devices in the caller's subtree, started within [from, to), oldest first; optionally of one
     * device or of the devices under one area (404 for either outside the caller's subtree).
     */
    @Transactional(readOnly = true)
    public List<Entry> list(Caller caller, UUID deviceId, UUID areaId, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("select p.id, p.device_id, d.name, p.item_id, p.media_id, p.started_at,"
                + " p.ended_at, p.outcome, p.reason, p.received_at from play_log p join device d on d.id = p.device_id"
                + " where d.area_path like ?");
        List<Object> args = new ArrayList<>();
        args.add(
                (areaId == null ? caller.scopePath() : areas.get(caller, areaId).path()) + "%");
        if (deviceId != null) {
            sql.append(" and p.device_id = ?");
            args.add(devices.get(caller, deviceId).id());
        }
        if (from != null) {
            sql.append(" and p.started_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and p.started_at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" order by p.started_at, p.id fetch first ").append(MAX_ROWS).append(" rows only");
        return jdbc.query(
                sql.toString(),
                (rs, i) -> new Entry(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)),
                        rs.getString(8),
                        rs.getString(9),
                        instant(rs.getTimestamp(10))),
                args.toArray());
    }

    /** A stored play log, with its device's name. */
    @Schema(name = "PlayLogEntry", description = "One play as a device reported it")
    public record Entry(
            @Schema(description = "the id the device gave the play")
            UUID id,

            @Schema(description = "the device that played") UUID deviceId,
            @Schema(description = "the device's name") String deviceName,
            @Schema(description = "the plan item played") String itemId,

            @Schema(description = "the media played; null for a stream")
            String mediaId,

            @Schema(description = "when it started (for SKIPPED: when it would have)")
            Instant startedAt,

            @Schema(description = "when it ended; null when unknown")
            Instant endedAt,

            @Schema(description = "PLAYED, INTERRUPTED, FAILED or SKIPPED")
            String outcome,

            @Schema(description = "why, for anything but PLAYED")
            String reason,

            @Schema(description = "when the server received the report")
            Instant receivedAt) {}

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
