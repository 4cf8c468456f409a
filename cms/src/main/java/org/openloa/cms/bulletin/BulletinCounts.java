package org.openloa.cms.bulletin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many bulletins were produced under an area in a period, for the reports (docs/reports.md): a bulletin is
 * one lineage (its revisions are one bulletin), produced when its first revision was created, and counted with
 * the status, category and priority of its latest revision. One grouped query; the caller has checked that the
 * area is in reach.
 */
@Service
@Transactional(readOnly = true)
public class BulletinCounts {

    private final NamedParameterJdbcTemplate jdbc;

    BulletinCounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Bulletins of one area (its own path) with one status, category and priority, and how many. */
    public record Produced(String areaPath, String status, String category, String priority, long count) {}

    /** The bulletins first created in [from, to) in areas under {@code areaPath}, grouped. */
    public List<Produced> producedUnder(String areaPath, Instant from, Instant to) {
        return jdbc.query(
                "select b.area_path, b.status, b.category, b.priority, count(*) from bulletin b"
                        + " join (select lineage_id, min(created_at) as first_at, max(revision) as last_revision"
                        + " from bulletin where area_path like :scope group by lineage_id) l"
                        + " on l.lineage_id = b.lineage_id and l.last_revision = b.revision"
                        + " where l.first_at >= :from and l.first_at < :to"
                        + " group by b.area_path, b.status, b.category, b.priority",
                new MapSqlParameterSource("scope", areaPath + "%")
                        .addValue("from", Timestamp.from(from))
                        .addValue("to", Timestamp.from(to)),
                (rs, i) -> new Produced(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
    }

    /**
     * The category of the bulletin whose delivery audio each of these media is (media of no bulletin are left
     * out): what the reports sort air time by. One query per 500 media.
     */
    public Map<UUID, String> categoriesOfAudio(Collection<UUID> mediaIds) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(mediaIds));
        Map<UUID, String> found = new HashMap<>();
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.query(
                    "select audio_asset_id, category from bulletin where audio_asset_id in (:ids)",
                    new MapSqlParameterSource("ids", all.subList(i, Math.min(all.size(), i + 500))),
                    rs -> {
                        found.put(rs.getObject(1, UUID.class), rs.getString(2));
                    });
        }
        return found;
    }
}
