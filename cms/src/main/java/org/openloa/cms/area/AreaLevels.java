package org.openloa.cms.area;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The table of levels (area_level): few rows, read whole. */
@Repository
class AreaLevels {

    private final JdbcTemplate jdbc;

    AreaLevels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<AreaLevel> all() {
        return jdbc.query(
                "select code, name_vi, name_en, position from area_level order by position, code",
                (rs, n) -> new AreaLevel(
                        rs.getString("code"), rs.getString("name_vi"), rs.getString("name_en"), rs.getInt("position")));
    }

    Optional<AreaLevel> find(String code) {
        return all().stream().filter(l -> l.code().equals(code)).findFirst();
    }

    void add(AreaLevel level) {
        jdbc.update(
                "insert into area_level (code, name_vi, name_en, position) values (?, ?, ?, ?)",
                level.code(),
                level.nameVi(),
                level.nameEn(),
                level.position());
    }
}
