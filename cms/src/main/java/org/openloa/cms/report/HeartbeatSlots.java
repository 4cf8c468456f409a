package org.openloa.cms.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.openloa.cms.database.Dialect;
import org.openloa.cms.device.DeviceHeard;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the 5-minute slots in which each device was heard (table report_heartbeat_slot), in the heartbeat's
 * own transaction. A box beats about once a minute, so most beats fall in a slot already written: this node
 * remembers the last slot it wrote per device and skips the database for the rest. Writing a slot twice (two
 * nodes) changes nothing: the insert ignores a row already there.
 */
@Component
class HeartbeatSlots {

    static final Duration SLOT = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final String insert;
    private final Map<UUID, Long> written = new ConcurrentHashMap<>();
    private final Clock clock;

    HeartbeatSlots(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        boolean postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
        this.insert = postgres
                ? "insert into report_heartbeat_slot (device_id, slot_start) values (?, ?) on conflict do nothing"
                : "merge into report_heartbeat_slot (device_id, slot_start) key (device_id, slot_start) values (?, ?)";
    }

    @EventListener
    void heard(DeviceHeard heard) {
        long slot = slotOf(heard.receivedAt());
        Long last = written.get(heard.deviceId());
        if (last != null && last == slot) {
            return;
        }
        write(heard.deviceId(), slot);
        written.put(heard.deviceId(), slot);
    }

    /** The start of the slot an instant falls in, in epoch milliseconds. */
    static long slotOf(Instant at) {
        long millis = at.toEpochMilli();
        return millis - Math.floorMod(millis, SLOT.toMillis());
    }

    /** Records a slot directly: the generator of the benchmark, and tests that need a past heartbeat. */
    void record(UUID deviceId, Instant at) {
        write(deviceId, slotOf(at));
    }

    /**
     * Writes a slot. One that ended over a slot ago (a test's, the generator's; a beat held up for minutes) may lie in
     * an intraday fold already made ({@link DailyRollups#foldToday} folds up to two slots ago): that fold is dropped,
     * so its day is read from raw rows until the next one.
     */
    private void write(UUID deviceId, long slot) {
        Timestamp start = Timestamp.from(Instant.ofEpochMilli(slot));
        jdbc.update(insert, deviceId, start);
        if (slot < slotOf(clock.instant()) - SLOT.toMillis()) {
            jdbc.update("delete from report_slot_fold where folded_until > ?", start);
        }
    }
}
