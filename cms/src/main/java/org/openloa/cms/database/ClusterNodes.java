package org.openloa.cms.database;

import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cms processes sharing the database (table cms_node): each start gets a fresh id, and says every
 * {@link #HEARTBEAT} that it is alive. Another node counts as dead once it has been silent for {@link #SILENT}, or
 * at once when it ran on this host in a process that is no longer running, so a restarted single node takes over the work of its previous life without waiting.
 */
@Component
public class ClusterNodes {

    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration SILENT = Duration.ofSeconds(35);
    private static final Logger log = LoggerFactory.getLogger(ClusterNodes.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final UUID self = UUID.randomUUID();
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final Instant processStarted =
            ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cms-node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    ClusterNodes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        Instant now = clock.instant();
        jdbc.update(
                "insert into cms_node (id, host, pid, started_at, seen_at) values (?, ?, ?, ?, ?)",
                self,
                host,
                pid,
                Timestamp.from(now),
                Timestamp.from(now));
        log.info("This cms node: {} (host {}, process {})", self, host, pid);
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This process's id in cms_node. */
    public UUID self() {
        return self;
    }

    /** The nodes alive now, this one included. */
    public Set<UUID> live() {
        return nodes(true);
    }

    /** The nodes on record that are no longer alive. */
    public Set<UUID> dead() {
        return nodes(false);
    }

    private Set<UUID> nodes(boolean alive) {
        Instant silentSince = clock.instant().minus(SILENT);
        Set<UUID> found = new HashSet<>();
        jdbc.query("select id, host, pid, started_at, seen_at from cms_node", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            boolean here = host.equals(rs.getString(2));
            long nodePid = rs.getLong(3);
            // the same process id before this process started: a container restarted under the same pid
            boolean earlierLife =
                    nodePid == pid && rs.getTimestamp(4).toInstant().isBefore(processStarted);
            boolean gone = !id.equals(self)
                    && (rs.getTimestamp(5).toInstant().isBefore(silentSince)
                            || here && (earlierLife || nodePid != pid && !running(nodePid)));
            if (gone != alive) {
                found.add(id);
            }
        });
        return found;
    }

    private void beat() {
        try {
            Instant now = clock.instant();
            int updated = jdbc.update("update cms_node set seen_at = ? where id = ?", Timestamp.from(now), self);
            if (updated == 0) {
                // removed as dead by another node (a long pause here): say again that this node lives
                jdbc.update(
                        "insert into cms_node (id, host, pid, started_at, seen_at) values (?, ?, ?, ?, ?)",
                        self,
                        host,
                        pid,
                        Timestamp.from(now),
                        Timestamp.from(now));
            }
            // Rows of nodes gone for a day only take space; their work was taken over long ago.
            jdbc.update("delete from cms_node where seen_at < ?", Timestamp.from(now.minus(Duration.ofDays(1))));
        } catch (RuntimeException e) {
            log.warn("Could not record this node's heartbeat", e);
        }
    }

    /** A clean stop: silent from now on, so the others may take over this node's work at once. */
    @PreDestroy
    void leave() {
        heartbeat.shutdownNow();
        try {
            jdbc.update(
                    "update cms_node set seen_at = ? where id = ?",
                    Timestamp.from(clock.instant().minus(SILENT).minusSeconds(1)),
                    self);
        } catch (RuntimeException e) {
            log.debug("Could not record that this node stops", e);
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
