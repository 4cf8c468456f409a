package org.openloa.cms.plan;

import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each device's plan version (table device_plan): bumped in the transaction of a change that alters what the
 * device will play; the edge manifest derives its ETag from it, and the wake-up job pushes every version not
 * yet notified.
 */
@Component
public class PlanVersions {

    /** Devices per statement: one UPDATE … IN (…) each, rather than a statement per device. */
    static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final EntityManager entities;
    private final ApplicationEventPublisher events;

    PlanVersions(
            JdbcTemplate jdbc,
            NamedParameterJdbcTemplate named,
            EntityManager entities,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.named = named;
        this.entities = entities;
        this.events = events;
    }

    /** The current version of a device's plan, if it has one. */
    @Transactional(readOnly = true)
    public Optional<Long> of(UUID deviceId) {
        return jdbc
                .query("select version from device_plan where device_id = ?", (rs, i) -> rs.getLong(1), deviceId)
                .stream()
                .findFirst();
    }

    /**
     * The current versions of these devices' plans in one statement (those that have one): the edge's manifest
     * warmer reads a batch's versions before their plans.
     */
    @Transactional(readOnly = true)
    public Map<UUID, Long> of(Collection<UUID> deviceIds) {
        Map<UUID, Long> versions = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return versions;
        }
        named.query(
                "select device_id, version from device_plan where device_id in (:ids)",
                new MapSqlParameterSource("ids", List.copyOf(new LinkedHashSet<>(deviceIds))),
                rs -> {
                    versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        return versions;
    }

    /**
     * Every device's plan version, each handed to {@code seen} as it is read: one statement, for a node's cache
     * of all of them. Called once a second, so no transaction of its own.
     */
    public void eachVersion(BiConsumer<UUID, Long> seen) {
        jdbc.query("select device_id, version from device_plan", rs -> {
            seen.accept(rs.getObject(1, UUID.class), rs.getLong(2));
        });
    }

    /** Like {@link #eachVersion}, for the plans changed at or after {@code since} only. */
    public void eachVersionChangedSince(Instant since, BiConsumer<UUID, Long> seen) {
        jdbc.query(
                "select device_id, version from device_plan where changed_at >= ?",
                rs -> {
                    seen.accept(rs.getObject(1, UUID.class), rs.getLong(2));
                },
                Timestamp.from(since));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void start(UUID deviceId, Instant now) {
        entities.flush(); // the device row, saved through JPA in this transaction, must exist for the foreign key
        jdbc.update(
                "insert into device_plan (device_id, version, changed_at, notified_version, notified_at)"
                        + " values (?, 1, ?, 1, ?)",
                deviceId,
                Timestamp.from(now),
                Timestamp.from(now));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void bump(Collection<UUID> deviceIds, Instant now) {
        if (deviceIds.isEmpty()) {
            return;
        }
        List<UUID> all = new ArrayList<>(new LinkedHashSet<>(deviceIds));
        // One lock order for every transaction that bumps several devices: ascending, as the databases keep uuids
        // (unsigned, byte by byte: the order of the hex text), so two such transactions wait on each other but never
        // deadlock. The rows are locked by a SELECT … ORDER BY … FOR UPDATE first: an UPDATE … IN (…) alone walks
        // them in whatever order its plan gives, which on PostgreSQL is the heap's order when it scans the table (a
        // deadlock between a broadcast change and a relay probe's renewals, relay/RelayProbeLockOrderTest in CI).
        all.sort(Comparator.comparing(UUID::toString));
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            MapSqlParameterSource params = new MapSqlParameterSource("ids", chunk).addValue("now", Timestamp.from(now));
            List<UUID> known = named.queryForList(
                    "select device_id from device_plan where device_id in (:ids) order by device_id for update",
                    params,
                    UUID.class);
            named.update(
                    "update device_plan set version = version + 1, changed_at = :now where device_id in (:ids)",
                    params);
            if (known.size() < chunk.size()) {
                // Devices created before plan versions existed get their row now.
                Set<UUID> had = new HashSet<>(known);
                for (UUID id : chunk) {
                    if (!had.contains(id)) {
                        jdbc.update(
                                "insert into device_plan (device_id, version, changed_at, notified_version)"
                                        + " values (?, 1, ?, 0)",
                                id,
                                Timestamp.from(now));
                    }
                }
            }
        }
        events.publishEvent(new PlanVersionsChanged(new LinkedHashSet<>(all)));
    }

    /**
     * A new version the device need not be woken for (it caused the change itself, e.g. it acknowledged its
     * commands): marked notified too, unless a wake-up was pending anyway.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void bumpQuietly(UUID deviceId, Instant now) {
        int updated = jdbc.update(
                "update device_plan set notified_version = case when notified_version = version"
                        + " then version + 1 else notified_version end, version = version + 1, changed_at = ? where device_id = ?",
                Timestamp.from(now),
                deviceId);
        if (updated == 0) {
            bump(List.of(deviceId), now);
        } else {
            events.publishEvent(new PlanVersionsChanged(Set.of(deviceId)));
        }
    }

    /** Versions not yet pushed, oldest change first. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Pending> pending(int limit) {
        return jdbc.query(
                "select device_id, version from device_plan where version > notified_version"
                        + " order by changed_at fetch first " + limit + " rows only",
                (rs, i) -> new Pending(rs.getObject(1, UUID.class), rs.getLong(2)));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void notified(List<Pending> pushed, Instant now) {
        jdbc.batchUpdate(
                "update device_plan set notified_version = ?, notified_at = ? where device_id = ?"
                        + " and notified_version < ?",
                // in key order, as bump takes the rows: in the order of their change it deadlocked on H2 with a
                // relay probe's renewals (seen in relay/RelayProbeLockOrderTest's run; the job retried)
                pushed.stream()
                        .sorted(Comparator.comparing(p -> p.deviceId().toString()))
                        .map(p -> new Object[] {p.version(), Timestamp.from(now), p.deviceId(), p.version()})
                        .toList());
    }

    record Pending(UUID deviceId, long version) {}
}
