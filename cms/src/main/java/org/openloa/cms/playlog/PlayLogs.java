package org.openloa.cms.playlog;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.database.Dialect;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceName;
import org.openloa.cms.device.DeviceService;
import org.openloa.protocol.PlayLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    /** {@code openloa_plays_total{outcome}}: play logs stored (new ones only), by outcome (docs/operations.md). */
    static final String PLAYS = "openloa.plays";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final DeviceService devices;
    private final AreaService areas;
    private final Clock clock;
    private final MeterRegistry meters;
    private final boolean postgres;

    PlayLogs(JdbcTemplate jdbc, DeviceService devices, AreaService areas, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.devices = devices;
        this.areas = areas;
        this.clock = clock;
        this.postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
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
                + " received_at, lost_seconds, lost) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + (postgres ? " on conflict (id) do nothing" : "");
        int stored = 0;
        Map<String, Integer> newByOutcome = new HashMap<>();
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
                        Timestamp.from(now),
                        log.lostSeconds(),
                        lostText(log.lost()));
            } catch (DuplicateKeyException alreadyStored) {
                inserted = 0;
            }
            stored += inserted;
            if (inserted > 0) {
                newByOutcome.merge(log.outcome().name(), inserted, Integer::sum);
            }
        }
        countOnCommit(newByOutcome);
        return new Stored(stored, logs.size() - stored);
    }

    /** Counted once the batch is on disk: a batch rolled back and re-sent by its box counts once. */
    private void countOnCommit(Map<String, Integer> byOutcome) {
        if (byOutcome.isEmpty()) {
            return;
        }
        Runnable count = () -> byOutcome.forEach(
                (outcome, n) -> meters.counter(PLAYS, "outcome", outcome).increment(n));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }

    /** A relay's lost stretches as stored: "from/to" ISO instants separated by spaces; null when none. */
    static String lostText(List<PlayLog.Lost> lost) {
        if (lost.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (PlayLog.Lost l : lost) {
            String next = l.from().toInstant() + "/" + l.to().toInstant();
            if (text.length() + next.length() + 1 > 4000) {
                break; // a relay lost in a hundred pieces keeps its first ones; lost_seconds holds the sum
            }
            text.append(text.isEmpty() ? "" : " ").append(next);
        }
        return text.toString();
    }

    /**
     * Relayed against scheduled time, from the play logs of STREAM items (media_id null) started within [from, to)
     * of these devices: how long each device's relays ran (start to end) and how much of that was lost. Only play
     * logs that went on air count (PLAYED or INTERRUPTED); a relay a device never started is in neither figure.
     */
    public List<Relayed> relayed(Collection<UUID> deviceIds, Instant from, Instant to) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        List<Relayed> result = new ArrayList<>();
        List<UUID> all = new ArrayList<>(deviceIds);
        for (int i = 0; i < all.size(); i += 500) {
            MapSqlParameterSource args = new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500)))
                    .addValue("from", Timestamp.from(from))
                    .addValue("to", Timestamp.from(to));
            named.query(
                    "select device_id, started_at, ended_at, lost_seconds from play_log where device_id in (:ids)"
                            + " and media_id is null and started_at >= :from and started_at < :to"
                            + " and ended_at is not null and outcome in ('PLAYED', 'INTERRUPTED')",
                    args,
                    rs -> {
                        Instant started = instant(rs.getTimestamp(2));
                        Instant ended = instant(rs.getTimestamp(3));
                        long seconds =
                                java.time.Duration.between(started, ended).toSeconds();
                        int lost = rs.getInt(4);
                        result.add(new Relayed(rs.getObject(1, UUID.class), seconds, Math.min(seconds, lost)));
                    });
        }
        return result;
    }

    /** One relay on one device: seconds on air (start to end) and of those, seconds lost to a dead source. */
    public record Relayed(UUID deviceId, long seconds, long lostSeconds) {}

    /**
     * Play logs of devices in the caller's subtree, started within [from, to), oldest first; optionally of one
     * device or of the devices under one area (404 for either outside the caller's subtree). Which devices lie
     * under the area, with their names, the device module answers in one query; a national read, which needs
     * no such filter, asks it for the names of the devices in the answer, 500 at a time, never one per row.
     */
    @Transactional(readOnly = true)
    public List<Entry> list(Caller caller, UUID deviceId, UUID areaId, Instant from, Instant to) {
        String scope =
                areaId == null ? caller.scopePath() : areas.get(caller, areaId).path();
        StringBuilder sql = new StringBuilder("select id, device_id, item_id, media_id, started_at, ended_at, outcome,"
                + " reason, received_at, lost_seconds from play_log where 1 = 1");
        MapSqlParameterSource args = new MapSqlParameterSource();
        Map<UUID, DeviceName> names = null;
        if (deviceId != null) {
            Device device = devices.get(caller, deviceId);
            if (!device.areaPath().startsWith(scope)) {
                return List.of();
            }
            names = Map.of(device.id(), new DeviceName(device.id(), device.name(), device.areaId()));
            sql.append(" and device_id = :device");
            args.addValue("device", device.id());
        } else if (!Caller.NATIONAL_SCOPE.equals(scope)) {
            names = devices.namesUnder(scope);
            if (names.isEmpty()) {
                return List.of();
            }
            sql.append(" and device_id in (:devices)");
            args.addValue("devices", names.keySet());
        }
        if (from != null) {
            sql.append(" and started_at >= :from");
            args.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and started_at < :to");
            args.addValue("to", Timestamp.from(to));
        }
        sql.append(" order by started_at, id fetch first ").append(MAX_ROWS).append(" rows only");
        List<Entry> rows = named.query(
                sql.toString(),
                args,
                (rs, i) -> new Entry(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        null,
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getTimestamp(5)),
                        instant(rs.getTimestamp(6)),
                        rs.getString(7),
                        rs.getString(8),
                        instant(rs.getTimestamp(9)),
                        (Integer) rs.getObject(10, Integer.class)));
        Map<UUID, DeviceName> known = names != null
                ? names
                : devices.names(rows.stream().map(Entry::deviceId).toList());
        return rows.stream().map(row -> row.named(known.get(row.deviceId()))).toList();
    }

    /**
     * The items each of these devices reported as played (PLAYED, or INTERRUPTED by an emergency) in logs
     * started since {@code since} (or without a start), keyed by device; read in batches of devices.
     */
    @Transactional(readOnly = true)
    public Map<UUID, Set<String>> playedItems(Collection<UUID> deviceIds, Instant since) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        Map<UUID, Set<String>> played = new HashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            named.query(
                    "select device_id, item_id from play_log where device_id in (:ids)"
                            + " and outcome in ('PLAYED', 'INTERRUPTED') and (started_at is null or started_at >= :since)",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500)))
                            .addValue("since", Timestamp.from(since)),
                    rs -> {
                        played.computeIfAbsent(rs.getObject(1, UUID.class), d -> new HashSet<>())
                                .add(rs.getString(2));
                    });
        }
        return played;
    }

    /**
     * What each of these devices reported of each item, in logs started within [from, to): counts by outcome,
     * one row per device and item, for the calendar's aired / partly / not aired. One grouped query per 500
     * devices (a calendar page asks once), never one per item.
     */
    @Transactional(readOnly = true)
    public List<Heard> heard(Collection<UUID> deviceIds, Instant from, Instant to) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        List<Heard> heard = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            heard.addAll(named.query(
                    "select device_id, item_id, sum(case when outcome = 'PLAYED' then 1 else 0 end),"
                            + " sum(case when outcome = 'INTERRUPTED' then 1 else 0 end), count(*)"
                            + " from play_log where device_id in (:ids) and started_at >= :from and started_at < :to"
                            + " group by device_id, item_id",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500)))
                            .addValue("from", Timestamp.from(from))
                            .addValue("to", Timestamp.from(to)),
                    (rs, n) -> new Heard(
                            rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5))));
        }
        return heard;
    }

    /**
     * What one device reported of one item: how many of its logs (one per media, or one for a stream) said
     * PLAYED, how many INTERRUPTED, and how many logs in all.
     */
    public record Heard(UUID deviceId, String itemId, int played, int interrupted, int logs) {

        /** Played to the end: every media expected (at least one) PLAYED, and nothing else reported. */
        public boolean full(int mediaExpected) {
            return played >= Math.max(1, mediaExpected) && played == logs;
        }

        /** Some of it went on air: a media played, or one was cut short. */
        public boolean any() {
            return played + interrupted > 0;
        }
    }

    /** What a device last reported of an item, if anything: the outcome and its reason. */
    @Transactional(readOnly = true)
    public Optional<Report> lastReport(UUID deviceId, String itemId) {
        return named
                .query(
                        "select outcome, reason from play_log where device_id = :device and item_id = :item"
                                + " order by received_at desc fetch first 1 rows only",
                        new MapSqlParameterSource("device", deviceId).addValue("item", itemId),
                        (rs, i) -> new Report(rs.getString(1), rs.getString(2)))
                .stream()
                .findFirst();
    }

    /** An item's outcome as its device reported it. */
    public record Report(String outcome, String reason) {}

    /**
     * Every play log of the items of one broadcast (item ids {@code <broadcastId>@…}), for an emergency's live
     * board: which device, which item, the outcome, when it was reached (the end of the play, else its start,
     * else when the log arrived) and the reason.
     */
    @Transactional(readOnly = true)
    public List<Outcome> outcomesOfBroadcast(UUID broadcastId) {
        return named.query(
                "select device_id, item_id, outcome, coalesce(ended_at, started_at, received_at), reason,"
                        + " received_at from play_log where item_id like :prefix",
                new MapSqlParameterSource("prefix", broadcastId + "@%"),
                (rs, i) -> new Outcome(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
    }

    /** One play log, as {@link #outcomesOfBroadcast} reads it; {@code receivedAt} by the server's clock. */
    public record Outcome(
            UUID deviceId, String itemId, String outcome, Instant at, String reason, Instant receivedAt) {}

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
            Instant receivedAt,

            @Schema(
                    description = "for a relay (a stream): seconds its source was lost or silent while the box played"
                            + " the area's fallback; null for recordings and boxes that do not report it")
            Integer lostSeconds) {

        private Entry named(DeviceName device) {
            return new Entry(
                    id,
                    deviceId,
                    device == null ? null : device.name(),
                    itemId,
                    mediaId,
                    startedAt,
                    endedAt,
                    outcome,
                    reason,
                    receivedAt,
                    lostSeconds);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
