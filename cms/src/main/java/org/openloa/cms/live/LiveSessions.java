package org.openloa.cms.live;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The live_session table. Changes of state name the state they leave, so when two nodes (or a person and the
 * silence watch) end the same session at once, one wins and the other learns it has nothing to do.
 */
@Component
class LiveSessions {

    private static final String COLUMNS = "id, area_id, area_path, target_area_ids, title, priority, state,"
            + " source_username, source_secret_hash, listen_url, broadcast_id, bulletin_id, created_by,"
            + " created_by_id, creator_area_id, creator_scope, created_at, on_air_at, ended_at, end_reason, bytes_in";

    private final JdbcTemplate jdbc;

    LiveSessions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LiveSession s) {
        jdbc.update(
                "insert into live_session (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                s.id(),
                s.areaId(),
                s.areaPath(),
                targets(s.targets()),
                s.title(),
                s.priority().name(),
                s.state().name(),
                s.sourceUsername(),
                s.sourceSecretHash(),
                s.listenUrl(),
                s.broadcastId(),
                s.bulletinId(),
                s.createdBy(),
                s.createdById(),
                s.creatorAreaId(),
                s.creatorScope(),
                ts(s.createdAt()),
                ts(s.onAirAt()),
                ts(s.endedAt()),
                s.endReason(),
                s.bytesIn());
    }

    Optional<LiveSession> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from live_session where id = ?", LiveSessions::row, id).stream()
                .findFirst();
    }

    List<LiveSession> inState(LiveState state) {
        return jdbc.query(
                "select " + COLUMNS + " from live_session where state = ? order by created_at",
                LiveSessions::row,
                state.name());
    }

    /** The latest sessions, newest first (for the page's list). */
    List<LiveSession> latest(int count) {
        return jdbc.query(
                "select " + COLUMNS + " from live_session order by created_at desc fetch first " + count + " rows only",
                LiveSessions::row);
    }

    /** WAITING → ON_AIR with its broadcast; false when it was no longer waiting. */
    boolean onAir(LiveSession s) {
        return jdbc.update(
                        "update live_session set state = 'ON_AIR', broadcast_id = ?, on_air_at = ?"
                                + " where id = ? and state = 'WAITING'",
                        s.broadcastId(),
                        ts(s.onAirAt()),
                        s.id())
                == 1;
    }

    /** WAITING or ON_AIR → ENDED; false when another node or thread ended it first. */
    boolean ended(LiveSession s) {
        return jdbc.update(
                        "update live_session set state = 'ENDED', ended_at = ?, end_reason = ?, bytes_in = ?"
                                + " where id = ? and state <> 'ENDED'",
                        ts(s.endedAt()),
                        s.endReason(),
                        s.bytesIn(),
                        s.id())
                == 1;
    }

    /** When the source of a session was last heard, by the node that holds it. */
    void heard(UUID id, Instant at, long bytes) {
        jdbc.update(
                "update live_session set heard_at = ?, bytes_in = ? where id = ? and state <> 'ENDED'",
                ts(at),
                bytes,
                id);
    }

    Optional<Instant> heardAt(UUID id) {
        return jdbc
                .query("select heard_at from live_session where id = ?", (rs, n) -> instant(rs, "heard_at"), id)
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    void recorded(UUID id, UUID bulletinId) {
        jdbc.update("update live_session set bulletin_id = ? where id = ?", bulletinId, id);
    }

    Optional<UUID> ofBulletin(UUID bulletinId) {
        return jdbc.queryForList("select id from live_session where bulletin_id = ?", UUID.class, bulletinId).stream()
                .findFirst();
    }

    private static String targets(List<LiveSession.Target> targets) {
        StringBuilder out = new StringBuilder();
        for (LiveSession.Target t : targets) {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(t.areaId()).append('=').append(t.areaPath());
        }
        return out.toString();
    }

    private static List<LiveSession.Target> targets(String stored) {
        List<LiveSession.Target> out = new ArrayList<>();
        for (String pair : stored.split("\\|")) {
            int eq = pair.indexOf('=');
            out.add(new LiveSession.Target(UUID.fromString(pair.substring(0, eq)), pair.substring(eq + 1)));
        }
        return out;
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static LiveSession row(ResultSet rs, int n) throws SQLException {
        return new LiveSession(
                rs.getObject("id", UUID.class),
                rs.getObject("area_id", UUID.class),
                rs.getString("area_path"),
                targets(rs.getString("target_area_ids")),
                rs.getString("title"),
                Priority.valueOf(rs.getString("priority")),
                LiveState.valueOf(rs.getString("state")),
                rs.getString("source_username"),
                rs.getString("source_secret_hash"),
                rs.getString("listen_url"),
                rs.getObject("broadcast_id", UUID.class),
                rs.getObject("bulletin_id", UUID.class),
                rs.getString("created_by"),
                rs.getObject("created_by_id", UUID.class),
                rs.getObject("creator_area_id", UUID.class),
                rs.getString("creator_scope"),
                instant(rs, "created_at"),
                instant(rs, "on_air_at"),
                instant(rs, "ended_at"),
                rs.getString("end_reason"),
                rs.getLong("bytes_in"));
    }
}
