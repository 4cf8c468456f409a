package org.openloa.cms.playlog;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes old play logs for the retention job (docs/reports.md, "Retention and rollups"). The play-log module
 * owns the table, so the reports ask here rather than delete rows themselves; the caller decides which window
 * is safe (its days folded into rollups) and keeps each call small (a day), one transaction each.
 */
@Service
public class PlayLogRetention {

    private final JdbcTemplate jdbc;

    PlayLogRetention(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes the play logs that started in [from, to) (a log without a start: received in it) and says how
     * many.
     */
    @Transactional
    public int deleteStartedBetween(Instant from, Instant to) {
        Timestamp a = Timestamp.from(from);
        Timestamp b = Timestamp.from(to);
        return jdbc.update("delete from play_log where started_at >= ? and started_at < ?", a, b)
                + jdbc.update(
                        "delete from play_log where started_at is null and received_at >= ? and received_at < ?", a, b);
    }

    /** When the oldest play log started (or was received, without a start); null when there is none. */
    @Transactional(readOnly = true)
    public Instant oldest() {
        Timestamp started = jdbc.queryForObject("select min(started_at) from play_log", Timestamp.class);
        Timestamp received =
                jdbc.queryForObject("select min(received_at) from play_log where started_at is null", Timestamp.class);
        Instant s = started == null ? null : started.toInstant();
        Instant r = received == null ? null : received.toInstant();
        if (s == null) {
            return r;
        }
        return r == null || s.isBefore(r) ? s : r;
    }
}
