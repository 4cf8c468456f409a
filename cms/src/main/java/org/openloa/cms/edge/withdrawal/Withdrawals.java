package org.openloa.cms.edge.withdrawal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.broadcast.BroadcastChanged;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which broadcasts were taken off air, when and why (table broadcast_withdrawal), and from that which items a
 * device was sent that were withdrawn before their end.
 *
 * <p>Recorded in the transaction of the change: the plan versions of the devices that lose the items move in
 * that same transaction (the plan module), so every manifest built from the new version lists them as
 * withdrawn, and the version, hence the ETag, changes with {@code withdrawn[]}.
 */
@Component
public class Withdrawals {

    /** The reason given when nobody named one: the broadcast was deleted, or ended early. */
    public static final String BY_OPERATOR = "withdrawn by operator";

    /** Rows older than this are dropped: the manifest lists withdrawals of the last hours only. */
    private static final Duration MEMORY = Duration.ofDays(2);

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    Withdrawals(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    /** An item a device was sent and that was taken off air before its end. */
    public record Withdrawn(String itemId, String reason, Instant at) {}

    /**
     * The hook for whatever takes a broadcast off air with a reason of its own (an emergency stopped, a CAP
     * Cancel): call it in the transaction that ends or deletes the broadcast, before or after that change. The
     * reason (at most 500 characters, as fit for a box's play log, e.g. "stopped by operator: false alarm")
     * replaces the plain one recorded for the change.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(UUID broadcastId, String reason, Instant at) {
        String text = reason == null || reason.isBlank() ? BY_OPERATOR : reason.strip();
        if (text.length() > 500) {
            text = text.substring(0, 500);
        }
        if (jdbc.update(
                        "update broadcast_withdrawal set reason = ?, at = ? where broadcast_id = ?",
                        text,
                        Timestamp.from(at),
                        broadcastId)
                == 0) {
            jdbc.update(
                    "insert into broadcast_withdrawal (broadcast_id, reason, at) values (?, ?, ?)",
                    broadcastId,
                    text,
                    Timestamp.from(at));
        }
    }

    /** A broadcast taken off air with a reason of its own: the boxes are told that reason. */
    @EventListener
    void takenOffAir(org.openloa.cms.broadcast.BroadcastTakenOffAir change) {
        withdraw(change.broadcastId(), change.reason(), change.at() == null ? clock.instant() : change.at());
    }

    /** A broadcast deleted, or ended other than by running out: recorded with the plain reason, unless named. */
    @EventListener
    void broadcastChanged(BroadcastChanged change) {
        boolean deleted = change.after() == null && change.before() != null;
        boolean ended = change.after() != null
                && change.after().state() == BroadcastState.ENDED
                && (change.before() == null || change.before().state() != BroadcastState.ENDED);
        Instant now = clock.instant();
        boolean ranOut = change.endsAt() != null && !change.endsAt().isAfter(now);
        if (!deleted && !(ended && !ranOut)) {
            // Created, changed, or ended because its last occurrence is over: nothing was taken off air.
            return;
        }
        jdbc.update("delete from broadcast_withdrawal where at < ?", Timestamp.from(now.minus(MEMORY)));
        Integer known = jdbc.queryForObject(
                "select count(*) from broadcast_withdrawal where broadcast_id = ?",
                Integer.class,
                change.broadcastId());
        if (known == null || known == 0) {
            jdbc.update(
                    "insert into broadcast_withdrawal (broadcast_id, reason, at) values (?, ?, ?)",
                    change.broadcastId(),
                    BY_OPERATOR,
                    Timestamp.from(now));
        }
    }

    /**
     * The items the device was sent (table device_plan_item) whose broadcast was withdrawn at or after
     * {@code since} and before the item's end, leaving out those still listed in {@code current}.
     */
    @Transactional(readOnly = true)
    public List<Withdrawn> ofDevice(UUID deviceId, Instant since, Set<String> current) {
        return ofDevices(List.of(deviceId), since).getOrDefault(deviceId, List.of()).stream()
                .filter(w -> !current.contains(w.itemId()))
                .toList();
    }

    /**
     * {@link #ofDevice} for several devices in two statements, whatever their number (one when nothing was
     * withdrawn lately): the items each was sent and that were withdrawn, still listed or not (the caller leaves
     * out those its manifest lists), each device's in the order of their planned start. The manifest warmer builds
     * 25 devices at a time, and read per device this was two statements of every build.
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<Withdrawn>> ofDevices(Collection<UUID> deviceIds, Instant since) {
        Map<UUID, List<Withdrawn>> withdrawn = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return withdrawn;
        }
        List<Withdrawal> withdrawals = jdbc.query(
                "select broadcast_id, reason, at from broadcast_withdrawal where at >= ?",
                (rs, i) -> new Withdrawal(
                        rs.getObject(1, UUID.class).toString(),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant()),
                Timestamp.from(since));
        if (withdrawals.isEmpty()) {
            return withdrawn;
        }
        named.query(
                "select device_id, item_id, planned_end from device_plan_item where device_id in (:ids)"
                        + " and planned_end > :since order by device_id, planned_start, item_id",
                new MapSqlParameterSource("ids", List.copyOf(new LinkedHashSet<>(deviceIds)))
                        .addValue("since", Timestamp.from(since)),
                rs -> {
                    UUID device = rs.getObject(1, UUID.class);
                    String item = rs.getString(2);
                    Instant end = rs.getTimestamp(3).toInstant();
                    for (Withdrawal w : withdrawals) {
                        if (item.startsWith(w.broadcastId() + "@") && w.at().isBefore(end)) {
                            withdrawn
                                    .computeIfAbsent(device, d -> new ArrayList<>())
                                    .add(new Withdrawn(item, w.reason(), w.at()));
                        }
                    }
                });
        return withdrawn;
    }

    private record Withdrawal(String broadcastId, String reason, Instant at) {}
}
