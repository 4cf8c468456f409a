package org.openloa.cms.edge.progress;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.playlog.PlayLogs;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps each device reached with the items of some broadcasts: SENT when a manifest listed the item to it
 * (device_plan_item), the box's own item events as it reported them (item_event: RECEIVED … LATE), and its play
 * logs (read through the playlog module, {@link PlayLogs}). A plan item's id is
 * {@code <broadcastId>@<occurrence>[#part]}, so a broadcast's items are found by their prefix.
 */
@Component
public class ItemProgress {

    /** The steps of an item on a device, in the order they normally come. */
    public enum Step {
        /** The server sent the item in a manifest (the box polled after the change). */
        SENT,
        /** The box said it learned of the item. */
        RECEIVED,
        /** The box has every file of the item, verified. */
        READY,
        /** On air. */
        STARTED,
        /** Off air, whatever the reason. */
        ENDED,
        /** A play log: played to its end. */
        PLAYED,
        /** A play log: started, stopped early. */
        INTERRUPTED,
        /** A play log or event: could not play. */
        FAILED,
        /** A play log: not started. */
        SKIPPED,
        /** The box said the item reached it after its end. */
        LATE
    }

    /**
     * A step, when it was reached (by the box's clock for what the box reports) and when the server learned of it
     * (its own clock: the manifest that listed the item, the arrival of the event or play log).
     */
    public record Reached(Step step, Instant at, String reason, Instant arrivedAt) {}

    /**
     * The order of a device's steps: as they arrived at the server, whose clock is one for every box, not by the
     * boxes' clocks, which may be minutes off (a box whose clock is behind would report RECEIVED before the
     * manifest that SENT it, and its board row would stay "woken" while it downloads). Steps that arrived together
     * (one batch) keep the box's order, then the steps' own.
     */
    static final Comparator<Reached> ARRIVAL =
            Comparator.comparing(Reached::arrivedAt).thenComparing(Reached::at).thenComparing(Reached::step);

    /** One device's steps with one item, in the order they arrived at the server ({@link #ARRIVAL}). */
    public record DeviceProgress(UUID deviceId, String itemId, List<Reached> steps) {

        public Reached last() {
            return steps.get(steps.size() - 1);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final PlayLogs playLogs;

    ItemProgress(NamedParameterJdbcTemplate jdbc, PlayLogs playLogs) {
        this.jdbc = jdbc;
        this.playLogs = playLogs;
    }

    /** Every device that was sent an item of these broadcasts, with the steps it reached, per item. */
    @Transactional(readOnly = true)
    public List<DeviceProgress> of(Collection<UUID> broadcastIds) {
        Map<String, List<Reached>> steps = new LinkedHashMap<>();
        Map<String, UUID> devices = new LinkedHashMap<>();
        Map<String, String> items = new LinkedHashMap<>();
        for (UUID broadcast : broadcastIds) {
            MapSqlParameterSource prefix = new MapSqlParameterSource("prefix", broadcast + "@%");
            jdbc.query(
                    "select device_id, item_id, first_listed from device_plan_item where item_id like :prefix",
                    prefix,
                    rs -> {
                        String key = key(rs.getObject(1, UUID.class), rs.getString(2));
                        devices.put(key, rs.getObject(1, UUID.class));
                        items.put(key, rs.getString(2));
                        steps.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Reached(
                                        Step.SENT, instant(rs.getTimestamp(3)), null, instant(rs.getTimestamp(3))));
                    });
            jdbc.query(
                    "select device_id, item_id, type, at, reason, received_at from item_event"
                            + " where item_id like :prefix",
                    prefix,
                    rs -> {
                        add(
                                steps,
                                devices,
                                items,
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                new Reached(
                                        Step.valueOf(rs.getString(3)),
                                        instant(rs.getTimestamp(4)),
                                        rs.getString(5),
                                        instant(rs.getTimestamp(6))));
                    });
            for (PlayLogs.Outcome log : playLogs.outcomesOfBroadcast(broadcast)) {
                add(
                        steps,
                        devices,
                        items,
                        log.deviceId(),
                        log.itemId(),
                        new Reached(Step.valueOf(log.outcome()), log.at(), log.reason(), log.receivedAt()));
            }
        }
        List<DeviceProgress> progress = new ArrayList<>();
        steps.forEach((key, reached) -> {
            reached.sort(ARRIVAL);
            progress.add(new DeviceProgress(devices.get(key), items.get(key), List.copyOf(reached)));
        });
        return progress;
    }

    private static void add(
            Map<String, List<Reached>> steps,
            Map<String, UUID> devices,
            Map<String, String> items,
            UUID device,
            String item,
            Reached reached) {
        String key = key(device, item);
        devices.putIfAbsent(key, device);
        items.putIfAbsent(key, item);
        steps.computeIfAbsent(key, k -> new ArrayList<>()).add(reached);
    }

    private static String key(UUID device, String item) {
        return device + " " + item;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? Instant.EPOCH : timestamp.toInstant();
    }
}
