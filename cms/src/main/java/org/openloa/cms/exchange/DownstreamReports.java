package org.openloa.cms.exchange;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.ProblemException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The upstream's side of what goes up: the daily figures and the emergencies its downstream instances pushed, kept
 * by area code and local day. A push names an area by its code; it is taken only from a caller who reaches the area
 * with that code here (the token the upstream issued to the downstream's user), and the same push twice is one
 * row (the later replaces the earlier: a day recounted). The reports module reads the figures through
 * {@link #figures}, as if the downstream areas were its own child areas.
 */
@Service
@Transactional
public class DownstreamReports {

    private final JdbcTemplate jdbc;
    private final AreaService areas;
    private final Clock clock;

    DownstreamReports(JdbcTemplate jdbc, AreaService areas, Clock clock) {
        this.jdbc = jdbc;
        this.areas = areas;
        this.clock = clock;
    }

    /** One area's day as a downstream instance reported it. */
    @Schema(description = "One area's day as a downstream instance reported it")
    public record Reported(
            @Schema(description = "the area's code") String areaCode,

            @Schema(description = "this instance's area with that code; null for a downstream's own child area")
            java.util.UUID areaId,

            @Schema(description = "the area's name") String areaName,
            @Schema(description = "the local day") LocalDate day,
            @Schema(description = "the figures") DailyFigures.Figures figures,

            @Schema(description = "the user whose token pushed them")
            String sentBy,

            @Schema(description = "when they arrived") Instant receivedAt) {}

    /** An emergency a downstream instance aired. */
    @Schema(description = "An emergency a downstream instance aired")
    public record AiredEmergency(
            @Schema(description = "its id at the downstream")
            String downstreamId,

            @Schema(description = "the code of its area") String areaCode,
            @Schema(description = "its title") String title,
            @Schema(description = "how it left the air") String state,
            @Schema(description = "when it was issued") Instant startedAt,
            @Schema(description = "when it left the air") Instant endedAt,

            @Schema(description = "the user whose token pushed it")
            String sentBy,

            @Schema(description = "when it arrived") Instant receivedAt) {}

    /**
     * The figures reported for areas under {@code areaPath} (which must be within the caller's reach; null: the
     * caller's own reach) for the local days [from, to], by day then area code. The query the reports read.
     */
    @Transactional(readOnly = true)
    public List<Reported> figures(Caller caller, String areaPath, LocalDate from, LocalDate to) {
        String scope = areaPath == null ? caller.scopePath() : areaPath;
        if (!caller.reaches(scope)) {
            throw ProblemException.notFound("area");
        }
        return jdbc.query(
                "select area_code, area_id, area_name, local_day, bulletins_produced, planned_seconds, aired_seconds, plays,"
                        + " interrupted_plays, failed_plays, missed_plays, devices_installed, devices_working,"
                        + " online_rate, sent_by, received_at from exchange_figures where area_path like ?"
                        + " and local_day >= ? and local_day <= ? order by local_day, area_code",
                (rs, i) -> new Reported(
                        rs.getString(1),
                        rs.getObject(2, java.util.UUID.class),
                        rs.getString(3),
                        rs.getDate(4).toLocalDate(),
                        new DailyFigures.Figures(
                                integer(rs, 5),
                                longer(rs, 6),
                                longer(rs, 7),
                                integer(rs, 8),
                                integer(rs, 9),
                                integer(rs, 10),
                                integer(rs, 11),
                                integer(rs, 12),
                                integer(rs, 13),
                                rs.getObject(14) == null ? null : rs.getDouble(14)),
                        rs.getString(15),
                        rs.getTimestamp(16).toInstant()),
                scope + "%",
                Date.valueOf(from),
                Date.valueOf(to));
    }

    /** The emergencies reported aired under {@code areaPath} (null: the caller's reach), newest first. */
    @Transactional(readOnly = true)
    public List<AiredEmergency> emergencies(Caller caller, String areaPath) {
        String scope = areaPath == null ? caller.scopePath() : areaPath;
        if (!caller.reaches(scope)) {
            throw ProblemException.notFound("area");
        }
        return jdbc.query(
                "select downstream_id, area_code, title, state, started_at, ended_at, sent_by, received_at"
                        + " from exchange_emergency where area_path like ? order by received_at desc",
                (rs, i) -> new AiredEmergency(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getTimestamp(5)),
                        instant(rs.getTimestamp(6)),
                        rs.getString(7),
                        instant(rs.getTimestamp(8))),
                scope + "%");
    }

    /**
     * Stores one area's day; answers whether it was new (false: it replaced the same day's earlier push). An area
     * code this instance does not have is taken under {@code parentCode} (which it must have, within reach), as the
     * downstream's child area {@code name}.
     */
    public boolean receiveFigures(
            Caller caller,
            String areaCode,
            String name,
            String parentCode,
            LocalDate day,
            DailyFigures.Figures figures) {
        Optional<Area> own = areas.visibleTo(caller).stream()
                .filter(a -> a.code().equalsIgnoreCase(areaCode))
                .findFirst();
        Area parent = own.isPresent() ? null : areaWithCode(caller, parentCode == null ? "" : parentCode);
        UUID areaId = own.map(Area::id).orElse(null);
        String areaName = own.map(Area::name).orElse(name);
        String areaPath = own.map(Area::path).orElseGet(() -> parent.path());
        String code = own.map(Area::code).orElse(areaCode);
        // The same values, in the same order, for the replacing update and for the first insert.
        Object[] values = {
            areaId,
            areaName,
            areaPath,
            figures.bulletinsProduced(),
            figures.plannedSeconds(),
            figures.airedSeconds(),
            figures.plays(),
            figures.interruptedPlays(),
            figures.failedPlays(),
            figures.missedPlays(),
            figures.devicesInstalled(),
            figures.devicesWorking(),
            figures.onlineRate(),
            caller.username(),
            Timestamp.from(clock.instant()),
            code,
            Date.valueOf(day)
        };
        int replaced = jdbc.update(
                "update exchange_figures set area_id = ?, area_name = ?, area_path = ?, bulletins_produced = ?, planned_seconds = ?,"
                        + " aired_seconds = ?, plays = ?, interrupted_plays = ?, failed_plays = ?, missed_plays = ?,"
                        + " devices_installed = ?, devices_working = ?, online_rate = ?, sent_by = ?,"
                        + " received_at = ? where area_code = ? and local_day = ?",
                values);
        if (replaced > 0) {
            return false;
        }
        jdbc.update(
                "insert into exchange_figures (area_id, area_name, area_path, bulletins_produced,"
                        + " planned_seconds, aired_seconds, plays, interrupted_plays, failed_plays, missed_plays,"
                        + " devices_installed, devices_working, online_rate, sent_by, received_at, area_code, local_day)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values);
        return true;
    }

    /** Stores an emergency a downstream aired; answers whether it was new. */
    public boolean receiveEmergency(
            Caller caller,
            String downstreamId,
            String areaCode,
            String title,
            String state,
            Instant startedAt,
            Instant endedAt) {
        Area area = areaWithCode(caller, areaCode);
        int replaced = jdbc.update(
                "update exchange_emergency set area_code = ?, area_path = ?, title = ?, state = ?, started_at = ?,"
                        + " ended_at = ?, sent_by = ?, received_at = ? where downstream_id = ?",
                area.code(),
                area.path(),
                title,
                state,
                timestamp(startedAt),
                timestamp(endedAt),
                caller.username(),
                Timestamp.from(clock.instant()),
                downstreamId);
        if (replaced > 0) {
            return false;
        }
        jdbc.update(
                "insert into exchange_emergency (downstream_id, area_code, area_path, title, state, started_at,"
                        + " ended_at, sent_by, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                downstreamId,
                area.code(),
                area.path(),
                title,
                state,
                timestamp(startedAt),
                timestamp(endedAt),
                caller.username(),
                Timestamp.from(clock.instant()));
        return true;
    }

    /** The area with this code within the caller's reach; 404 otherwise (its existence is not revealed). */
    private Area areaWithCode(Caller caller, String code) {
        return areas.visibleTo(caller).stream()
                .filter(a -> a.code().equalsIgnoreCase(code))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("area"));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longer(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
