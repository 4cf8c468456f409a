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
import org.openloa.cms.database.Dialect;
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

    private final String upsertFigures;
    private final String upsertEmergency;

    DownstreamReports(JdbcTemplate jdbc, AreaService areas, Clock clock) {
        this.jdbc = jdbc;
        this.areas = areas;
        this.clock = clock;
        // The database's own upsert: PostgreSQL's insert … on conflict, H2's merge … key. Either one statement
        // is atomic, where an update then an insert lets two nodes both insert (and PostgreSQL aborts the
        // transaction of the one that loses, so a caught duplicate could not be followed by an update).
        boolean postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
        String figureColumns = "area_code, local_day, area_id, area_name, area_path, bulletins_produced,"
                + " planned_seconds, aired_seconds, plays, interrupted_plays, failed_plays, missed_plays,"
                + " devices_installed, devices_working, online_rate, live_minutes, relay_minutes, outages,"
                + " relay_losses, missed_emergencies, sent_by, received_at";
        String emergencyColumns =
                "downstream_id, area_code, area_path, title, state, started_at, ended_at, sent_by, received_at";
        this.upsertFigures = postgres
                ? "insert into exchange_figures (" + figureColumns + ") values (" + marks(figureColumns) + ")"
                        + " on conflict (area_code, local_day) do update set " + excludedSet(figureColumns, 2)
                : "merge into exchange_figures (" + figureColumns + ") key (area_code, local_day) values ("
                        + marks(figureColumns) + ")";
        this.upsertEmergency = postgres
                ? "insert into exchange_emergency (" + emergencyColumns + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (downstream_id) do update set " + excludedSet(emergencyColumns, 1)
                : "merge into exchange_emergency (" + emergencyColumns + ") key (downstream_id) values (?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?)";
    }

    /** "?, ?, ?": a parameter for each column. */
    private static String marks(String columns) {
        return String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
    }

    /** "b = excluded.b, c = excluded.c" for the columns after the first {@code keys} ones. */
    private static String excludedSet(String columns, int keys) {
        List<String> names =
                java.util.Arrays.stream(columns.split(",")).map(String::strip).toList();
        return String.join(
                ", ",
                names.subList(keys, names.size()).stream()
                        .map(n -> n + " = excluded." + n)
                        .toList());
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
     * caller's own reach) for the local days [from, to], by day then area code. What the API shows.
     */
    @Transactional(readOnly = true)
    public List<Reported> figures(Caller caller, String areaPath, LocalDate from, LocalDate to) {
        return pushed(caller, areaPath, from, to).stream().map(Pushed::reported).toList();
    }

    /**
     * A pushed row with the path it was filed under here: its area's path, or, for an area only the downstream
     * has, its parent's (then {@code reported.areaId()} is null).
     */
    public record Pushed(Reported reported, String areaPath) {}

    /**
     * The same rows as {@link #figures} with their paths: the query the reports module reads to show downstream
     * instances' areas as its own child areas.
     */
    @Transactional(readOnly = true)
    public List<Pushed> pushed(Caller caller, String areaPath, LocalDate from, LocalDate to) {
        String scope = areaPath == null ? caller.scopePath() : areaPath;
        if (!caller.reaches(scope)) {
            throw ProblemException.notFound("area");
        }
        return jdbc.query(
                "select area_code, area_id, area_name, local_day, bulletins_produced, planned_seconds, aired_seconds, plays,"
                        + " interrupted_plays, failed_plays, missed_plays, devices_installed, devices_working,"
                        + " online_rate, sent_by, received_at, area_path, live_minutes, relay_minutes, outages,"
                        + " relay_losses, missed_emergencies from exchange_figures where area_path like ?"
                        + " and local_day >= ? and local_day <= ? order by local_day, area_code",
                (rs, i) -> new Pushed(
                        new Reported(
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
                                        decimal(rs, 14),
                                        decimal(rs, 18),
                                        decimal(rs, 19),
                                        integer(rs, 20),
                                        integer(rs, 21),
                                        integer(rs, 22)),
                                rs.getString(15),
                                rs.getTimestamp(16).toInstant()),
                        rs.getString(17)),
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
        boolean known = jdbc.queryForObject(
                        "select count(*) from exchange_figures where area_code = ? and local_day = ?",
                        Integer.class,
                        code,
                        Date.valueOf(day))
                > 0;
        // One statement that inserts or replaces (see the constructor): two nodes taking the same day at once
        // both succeed, the later values win, and no duplicate key reaches the caller as a 500.
        jdbc.update(
                upsertFigures,
                code,
                Date.valueOf(day),
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
                figures.liveMinutes(),
                figures.relayMinutes(),
                figures.outages(),
                figures.relayLosses(),
                figures.missedEmergencies(),
                caller.username(),
                Timestamp.from(clock.instant()));
        return !known;
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
        boolean known = jdbc.queryForObject(
                        "select count(*) from exchange_emergency where downstream_id = ?", Integer.class, downstreamId)
                > 0;
        jdbc.update(
                upsertEmergency,
                downstreamId,
                area.code(),
                area.path(),
                title,
                state,
                timestamp(startedAt),
                timestamp(endedAt),
                caller.username(),
                Timestamp.from(clock.instant()));
        return !known;
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

    private static Double decimal(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
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
