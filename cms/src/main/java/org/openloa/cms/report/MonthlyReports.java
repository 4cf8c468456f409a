package org.openloa.cms.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.ProblemException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monthly reports (báo cáo tháng): once a month has ended in an area's zone, the area's summary of that
 * month is made and kept (table report_monthly) as it was, the shape a commune sends to the district and
 * province. Made by {@link MonthlyReportJob} for every area in service; making one twice keeps the first.
 */
@Service
@Transactional
public class MonthlyReports {

    private final ReportService reports;
    private final AreaService areas;
    private final NamedParameterJdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    MonthlyReports(
            ReportService reports, AreaService areas, NamedParameterJdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.reports = reports;
        this.areas = areas;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Schema(name = "MonthlyReport", description = "A kept monthly report of an area")
    public record Kept(
            @Schema(description = "the kept report") UUID id,
            @Schema(description = "its area") UUID areaId,

            @Schema(description = "its area's name when it was made")
            String areaName,

            @Schema(description = "the month's first day") LocalDate month,
            @Schema(description = "when it was made") Instant madeAt) {}

    /**
     * Makes the report of the month before the current one (in each area's zone) for every area in service that
     * has none yet; returns how many were made. Idempotent: the job may run any number of times.
     */
    public int makeDue() {
        int made = 0;
        for (Area area : areas.subtree(Caller.NATIONAL_SCOPE)) {
            if (area.retired()) {
                continue;
            }
            YearMonth last = YearMonth.from(clock.instant().atZone(area.zone())).minusMonths(1);
            made += make(area, last) ? 1 : 0;
        }
        return made;
    }

    /** Makes and keeps one area's report of one month, unless it is kept already. */
    boolean make(Area area, YearMonth month) {
        MapSqlParameterSource key = new MapSqlParameterSource("area", area.id()).addValue("month", month.atDay(1));
        Integer existing = jdbc.queryForObject(
                "select count(*) from report_monthly where area_id = :area and period_month = :month",
                key,
                Integer.class);
        if (existing != null && existing > 0) {
            return false;
        }
        Summary summary = reports.summary(area.id(), month.atDay(1), month.atEndOfMonth(), Caller.system());
        try {
            jdbc.update(
                    "insert into report_monthly (id, area_id, area_path, period_month, made_at, summary)"
                            + " values (:id, :area, :path, :month, :at, :summary)",
                    key.addValue("id", UUID.randomUUID())
                            .addValue("path", area.path())
                            .addValue("at", Timestamp.from(clock.instant()))
                            .addValue("summary", json.writeValueAsString(summary)));
            return true;
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return false;
        }
    }

    /** The kept reports of areas under {@code areaId} (default: the caller's reach), newest month first. */
    @Transactional(readOnly = true)
    public List<Kept> list(Caller caller, UUID areaId) {
        String scope =
                areaId == null ? caller.scopePath() : areas.get(caller, areaId).path();
        return jdbc.query(
                "select id, area_id, period_month, made_at, summary from report_monthly where area_path like :scope"
                        + " order by period_month desc, area_path fetch first 500 rows only",
                new MapSqlParameterSource("scope", scope + "%"),
                (rs, i) -> new Kept(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        json.readValue(rs.getString(5), Summary.class).area().name(),
                        rs.getObject(3, LocalDate.class),
                        rs.getTimestamp(4).toInstant()));
    }

    /** One kept report's figures; 404 when it is unknown or out of the caller's reach. */
    @Transactional(readOnly = true)
    public Summary get(Caller caller, UUID id) {
        Optional<Summary> found = jdbc
                .query(
                        "select area_path, summary from report_monthly where id = :id",
                        new MapSqlParameterSource("id", id),
                        (rs, i) ->
                                caller.reaches(rs.getString(1)) ? json.readValue(rs.getString(2), Summary.class) : null)
                .stream()
                .filter(s -> s != null)
                .findFirst();
        return found.orElseThrow(() -> ProblemException.notFound("report"));
    }
}
