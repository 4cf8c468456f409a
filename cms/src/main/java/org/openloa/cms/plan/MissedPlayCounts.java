package org.openloa.cms.plan;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many plays were missed under an area in a period, for the reports: missed plays (as {@link MissedPlays}
 * finds them) due to end in the period and not cleared since by a late play log, counted per device area path.
 * The caller has checked that the area is in reach.
 */
@Service
@Transactional(readOnly = true)
public class MissedPlayCounts {

    private final NamedParameterJdbcTemplate jdbc;

    MissedPlayCounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Missed plays ending in [from, to) by the area path of their device. */
    public Map<String, Long> byAreaPath(String areaPath, Instant from, Instant to) {
        return count(areaPath, from, to, "");
    }

    /**
     * Missed EMERGENCY plays ending in [from, to) by the area path of their device: emergencies that did not reach
     * a loudspeaker, for the reports' incidents (docs/reports.md).
     */
    public Map<String, Long> emergenciesByAreaPath(String areaPath, Instant from, Instant to) {
        return count(areaPath, from, to, " and m.priority = 'EMERGENCY'");
    }

    /**
     * Deletes the missed plays whose window ended in [from, to) and says how many: the reports' retention, once the
     * days that count them are folded into daily rollups (docs/reports.md, "Retention and rollups").
     */
    @Transactional
    public int deleteEndedBetween(Instant from, Instant to) {
        return jdbc.update(
                "delete from missed_play where planned_end >= :from and planned_end < :to",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)));
    }

    /** When the window of the oldest missed play ended; null when there is none. */
    public Instant oldestEnd() {
        Timestamp end =
                jdbc.getJdbcTemplate().queryForObject("select min(planned_end) from missed_play", Timestamp.class);
        return end == null ? null : end.toInstant();
    }

    private Map<String, Long> count(String areaPath, Instant from, Instant to, String andPriority) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query(
                "select m.area_path, count(*) from missed_play m where m.area_path like :scope" + andPriority
                        + " and m.planned_end >= :from and m.planned_end < :to"
                        + " and not exists (select 1 from play_log p where p.device_id = m.device_id"
                        + " and p.item_id = m.item_id and p.outcome in ('PLAYED', 'INTERRUPTED'))"
                        + " group by m.area_path",
                new MapSqlParameterSource("scope", areaPath + "%")
                        .addValue("from", Timestamp.from(from))
                        .addValue("to", Timestamp.from(to)),
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
