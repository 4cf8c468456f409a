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
     * one query per 500 devices, summed here so that the SQL stays the same on H2 and PostgreSQL.
     */
    public List<Aired> between(Collection<UUID> deviceIds, Instant from, Instant to) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        java.util.Map<String, Aired> byItem = new java.util.LinkedHashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            between(
                    " device_id in (:ids) and",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500))),
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
        between("", new MapSqlParameterSource(), from, to, byItem);
        return new ArrayList<>(byItem.values());
    }

    private void between(
            String devices,
            MapSqlParameterSource params,
            Instant from,
            Instant to,
            java.util.Map<String, Aired> byItem) {
        jdbc.query(
                "select device_id, item_id, outcome, started_at, ended_at, media_id from play_log where" + devices
                        + " outcome in ('PLAYED', 'INTERRUPTED') and started_at >= :from and started_at < :to",
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
