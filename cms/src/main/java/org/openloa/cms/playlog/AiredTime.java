package org.openloa.cms.playlog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seconds on air from play logs, for the reports (docs/reports.md): a log counts its end minus its start when
 * it PLAYED or was INTERRUPTED (a partial play counts what it played); a PLAYED log with no end counts as
 * {@link Aired#playedToEnd} so the reader can credit the planned length; FAILED and SKIPPED count nothing.
 */
@Service
@Transactional(readOnly = true)
public class AiredTime {

    private final NamedParameterJdbcTemplate jdbc;

    AiredTime(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What one device played of one media of one item (a stream: media null).
     *
     * @param seconds     seconds on air of its logs with a known end
     * @param playedToEnd whether some log said PLAYED without an end (credited the planned length)
     */
    public record Aired(UUID deviceId, String itemId, String mediaId, long seconds, boolean playedToEnd) {}

    /**
     * What these devices aired, per device, item and media, from logs started in [from, to) (PLAYED or INTERRUPTED):
     * one query, the devices' ids as one array joined to the index (device_id, started_at), so each device's logs of
     * the period are one range of it and no other device's are read. An IN list of ids is checked row by row on H2,
     * or read each device's whole history; a join on {@code unnest} reads the same way on H2 and PostgreSQL.
     */
    public List<Aired> between(Collection<UUID> deviceIds, Instant from, Instant to) {
        java.util.Map<String, Aired> byItem = new java.util.LinkedHashMap<>();
        if (!deviceIds.isEmpty()) {
            between(
                    " unnest(:ids) as i(id) join play_log p on p.device_id = i.id where",
                    new MapSqlParameterSource(
                            "ids", new SqlArrayValue("uuid", new LinkedHashSet<>(deviceIds).toArray())),
                    from,
                    to,
                    byItem);
        }
        return new ArrayList<>(byItem.values());
    }

    /**
     * What every device aired, the same way, from logs started in [from, to): one range of the index on started_at,
     * for a reader of many devices (a province's report, the daily fold), where 500 devices a query would walk the
     * logs of each device.
     */
    public List<Aired> between(Instant from, Instant to) {
        java.util.Map<String, Aired> byItem = new java.util.LinkedHashMap<>();
        between(" play_log p where", new MapSqlParameterSource(), from, to, byItem);
        return new ArrayList<>(byItem.values());
    }

    private void between(
            String source,
            MapSqlParameterSource params,
            Instant from,
            Instant to,
            java.util.Map<String, Aired> byItem) {
        jdbc.query(
                "select p.device_id, p.item_id, p.outcome, p.started_at, p.ended_at, p.media_id from" + source
                        + " p.outcome in ('PLAYED', 'INTERRUPTED') and p.started_at >= :from and p.started_at < :to",
                params.addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                rs -> {
                    UUID device = rs.getObject(1, UUID.class);
                    String item = rs.getString(2);
                    Timestamp start = rs.getTimestamp(4);
                    Timestamp end = rs.getTimestamp(5);
                    long seconds = end == null
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(start.toInstant(), end.toInstant())
                                            .toSeconds());
                    boolean toEnd = end == null && "PLAYED".equals(rs.getString(3));
                    String media = rs.getString(6);
                    byItem.merge(
                            device + " " + item + " " + media,
                            new Aired(device, item, media, seconds, toEnd),
                            (a, b) -> new Aired(
                                    device,
                                    item,
                                    media,
                                    a.seconds() + b.seconds(),
                                    a.playedToEnd() || b.playedToEnd()));
                });
    }
}
