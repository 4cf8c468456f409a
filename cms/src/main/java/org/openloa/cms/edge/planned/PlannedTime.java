package org.openloa.cms.edge.planned;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The plan items these devices were sent in a manifest whose planned start lies in a period: the plan as the
 * boxes received it, not as it might be resolved again today (a broadcast deleted since still counts as
 * planned). Rows are kept {@code PlannedItems.MEMORY} (90 days) after their window; the reports fold them into
 * daily rollups long before that.
 */
@Component
@Transactional(readOnly = true)
public class PlannedTime {

    private final NamedParameterJdbcTemplate jdbc;

    PlannedTime(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One item sent to one device, with its planned window. */
    public record Planned(UUID deviceId, String itemId, Instant start, Instant end) {}

    /** The items of these devices planned to start in [from, to); one query per 500 devices. */
    public List<Planned> startingBetween(Collection<UUID> deviceIds, Instant from, Instant to) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(deviceIds));
        List<Planned> found = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            found.addAll(startingBetween(
                    " device_id in (:ids) and",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500))),
                    from,
                    to));
        }
        return found;
    }

    /**
     * The items of every device planned to start in [from, to): one range of the index on planned_start, for a
     * reader of many devices (a province's report, the daily fold), where 500 devices a query would walk each
     * device's whole kept plan.
     */
    public List<Planned> startingBetween(Instant from, Instant to) {
        return startingBetween("", new MapSqlParameterSource(), from, to);
    }

    private List<Planned> startingBetween(String devices, MapSqlParameterSource params, Instant from, Instant to) {
        return jdbc.query(
                "select device_id, item_id, planned_start, planned_end from device_plan_item where" + devices
                        + " planned_start >= :from and planned_start < :to",
                params.addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                (rs, n) -> new Planned(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
    }
}
