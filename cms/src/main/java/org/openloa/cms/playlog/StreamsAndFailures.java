package org.openloa.cms.playlog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the reports need from play logs besides bulletins' air time (docs/reports.md): the seconds streams (live
 * sessions and relays) were on air, how often a relay lost its source, and how many plays failed, per device
 * and broadcast. Streams are the logs without a media id; the broadcast is the part of the item id before '@'.
 */
@Service
@Transactional(readOnly = true)
public class StreamsAndFailures {

    private final NamedParameterJdbcTemplate jdbc;

    StreamsAndFailures(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One device's logs of one broadcast started in the period.
     *
     * @param streamSeconds seconds a stream was on air (end − start of PLAYED or INTERRUPTED logs with an end)
     * @param lostSeconds   of those, the seconds the box reported its source lost (it played the fallback)
     * @param losses        stream logs that lost their source at least once
     * @param failed        logs FAILED (any kind of item)
     */
    public record Logged(
            UUID deviceId, String broadcastId, long streamSeconds, long lostSeconds, long losses, long failed) {}

    /** The logs of these devices started in [from, to), one row per device and broadcast, 500 devices a query. */
    public List<Logged> between(Collection<UUID> deviceIds, Instant from, Instant to) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        Counts counts = new Counts();
        for (int i = 0; i < all.size(); i += 500) {
            between(
                    " device_id in (:ids) and",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500))),
                    from,
                    to,
                    counts);
        }
        return counts.logged();
    }

    /**
     * The logs of every device started in [from, to), the same way: one range of the index on started_at, for a
     * reader of many devices (a province's report, the daily fold), where 500 devices a query would walk the logs
     * of each device.
     */
    public List<Logged> between(Instant from, Instant to) {
        Counts counts = new Counts();
        between("", new MapSqlParameterSource(), from, to, counts);
        return counts.logged();
    }

    /** The counts of each device and broadcast, as the rows come. */
    private static final class Counts {
        final Map<String, long[]> counts = new LinkedHashMap<>();
        final Map<String, Object[]> keys = new LinkedHashMap<>();

        List<Logged> logged() {
            List<Logged> logged = new ArrayList<>();
            counts.forEach((key, c) -> {
                Object[] k = keys.get(key);
                logged.add(new Logged((UUID) k[0], (String) k[1], c[0], c[1], c[2], c[3]));
            });
            return logged;
        }
    }

    private void between(String devices, MapSqlParameterSource params, Instant from, Instant to, Counts all) {
        Map<String, long[]> counts = all.counts;
        Map<String, Object[]> keys = all.keys;
        jdbc.query(
                "select device_id, item_id, outcome, started_at, ended_at, lost_seconds from play_log where" + devices
                        + " started_at >= :from and started_at < :to and (media_id is null or outcome = 'FAILED')",
                params.addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                rs -> {
                    UUID device = rs.getObject(1, UUID.class);
                    String item = rs.getString(2);
                    int at = item.indexOf('@');
                    String broadcast = at < 0 ? item : item.substring(0, at);
                    String key = device + " " + broadcast;
                    keys.putIfAbsent(key, new Object[] {device, broadcast});
                    long[] c = counts.computeIfAbsent(key, k -> new long[4]);
                    String outcome = rs.getString(3);
                    if ("FAILED".equals(outcome)) {
                        c[3]++;
                        return;
                    }
                    if (!"PLAYED".equals(outcome) && !"INTERRUPTED".equals(outcome)) {
                        return;
                    }
                    Timestamp start = rs.getTimestamp(4);
                    Timestamp end = rs.getTimestamp(5);
                    long seconds = start == null || end == null
                            ? 0
                            : Math.max(
                                    0,
                                    Duration.between(start.toInstant(), end.toInstant())
                                            .toSeconds());
                    int lost = rs.getInt(6);
                    boolean known = !rs.wasNull();
                    c[0] += seconds;
                    if (known && lost > 0) {
                        c[1] += Math.min(seconds, lost);
                        c[2]++;
                    }
                });
    }
}
