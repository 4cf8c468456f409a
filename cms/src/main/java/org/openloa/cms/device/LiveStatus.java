package org.openloa.cms.device;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.operations.FleetMeters;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What devices report of themselves (heartbeats of the edge API) into the device's live status columns. A box
 * sends heartbeats queued while offline oldest first, and may re-send one whose answer it lost: the status is
 * written only when the report is newer than the stored one, in one conditional UPDATE, so an old report
 * never overwrites a newer one, a re-sent one changes nothing, and two nodes need no lock.
 */
@Service
@Transactional
public class LiveStatus {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final FleetMeters meters;

    LiveStatus(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events, FleetMeters meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Stores the report if it is newer than what the device last reported; answers whether it was. A report
     * dated in the future (a box whose clock is not corrected yet) counts as made now, so it cannot shadow the
     * reports that follow. Reporting clears the offline mark.
     */
    public boolean report(UUID deviceId, Report report) {
        Instant now = clock.instant();
        Instant at = report.at().isAfter(now) ? now : report.at();
        // Heard now, whatever the report's own date: the reports' online rate (DeviceHeard).
        events.publishEvent(new DeviceHeard(deviceId, now));
        return jdbc.update(
                        "update device set last_seen_at = ?, offline_since = null, playing_item_id = ?,"
                                + " agent_version = ?, free_bytes = ?, cache_complete = ?, reported_volume = ?, uptime_seconds = ?,"
                                + " clock_skew_ms = ?, manifest_version = ?, media_errors = ?"
                                + " where id = ? and retired_at is null and (last_seen_at is null or last_seen_at < ?)",
                        Timestamp.from(at),
                        Enrolments.clip(report.playingItemId(), 300),
                        Enrolments.clip(report.agentVersion(), 64),
                        report.freeBytes(),
                        report.cacheComplete(),
                        report.volume(),
                        report.uptimeSeconds(),
                        report.clockSkewMs(),
                        Enrolments.clip(report.manifestVersion(), 100),
                        new SqlParameterValue(Types.VARCHAR, Enrolments.clip(report.mediaErrors(), 4000)),
                        deviceId,
                        Timestamp.from(at))
                > 0;
    }

    /**
     * Stores the box's report of its latest upgrade, unless a newer report is stored already (heartbeats sent
     * late after an outage must not turn ROLLED_BACK back into UPGRADING; the same report again changes nothing).
     */
    public void reportUpgrade(UUID deviceId, String state, String version, String detail, Instant at) {
        int changed = jdbc.update(
                "update device set upgrade_state = ?, upgrade_version = ?, upgrade_detail = ?, upgrade_at = ?"
                        + " where id = ? and (upgrade_at is null or upgrade_at < ?)",
                Enrolments.clip(state, 16),
                Enrolments.clip(version, 64),
                Enrolments.clip(detail, 200),
                Timestamp.from(at),
                deviceId,
                Timestamp.from(at));
        if (changed > 0) {
            meters.upgradeReported(state);
        }
    }

    /**
     * A device's status as it reported it.
     *
     * @param mediaErrors the media it could not get, as the JSON text it sent, or null
     */
    public record Report(
            Instant at,
            String playingItemId,
            int volume,
            long freeBytes,
            String agentVersion,
            long uptimeSeconds,
            boolean cacheComplete,
            long clockSkewMs,
            String manifestVersion,
            String mediaErrors) {}
}
