package org.openloa.cms.edge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.plan.LateArrivals;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An item reached its device late when the box said so (item event LATE) or when the first manifest that listed
 * it to the device was built after the item's end (device_plan_item.first_listed): the box could not have aired
 * it, whatever it reports.
 */
@Component
class LateArrivalsFromTheEdge implements LateArrivals {

    private final JdbcTemplate jdbc;

    LateArrivalsFromTheEdge(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Late> late(UUID deviceId, String itemId, Instant plannedEnd) {
        List<String> said = jdbc.query(
                "select reason from item_event where device_id = ? and item_id = ? and type = 'LATE'"
                        + " order by at fetch first 1 rows only",
                (rs, i) -> rs.getString(1) == null ? "" : rs.getString(1),
                deviceId,
                itemId);
        if (!said.isEmpty()) {
            return Optional.of(new Late(said.get(0).isEmpty() ? null : said.get(0)));
        }
        List<Instant> listed = jdbc.query(
                "select first_listed from device_plan_item where device_id = ? and item_id = ?",
                (rs, i) -> rs.getTimestamp(1).toInstant(),
                deviceId,
                itemId);
        if (!listed.isEmpty() && !listed.get(0).isBefore(plannedEnd)) {
            return Optional.of(new Late(null));
        }
        return Optional.empty();
    }
}
