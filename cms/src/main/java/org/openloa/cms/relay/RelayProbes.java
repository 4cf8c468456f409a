package org.openloa.cms.relay;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.broadcast.TargetArea;
import org.openloa.cms.device.DeviceService;
import org.openloa.scheduler.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Probe before air: every relay (STREAM broadcast) is listened to {@code openloa.relay.probe.lead} before each of its
 * slots (default 10 minutes) and again at its start. A source that does not answer, carries no audio or only
 * silence gets a warning: on the dashboard and the area's calendar, and in the manifest of the boxes that relay it
 * ({@code sourceWarning}), whose manifests are renewed at once.
 *
 * <p>Once per slot in a cluster, and across restarts, without a lock service: each probe is a row (table
 * relay_probe) whose primary key is (broadcast, slot start, phase); the node whose insert succeeds runs it, and
 * every node looks every {@code openloa.relay.probe.every} (30 s) for probes due, so one missed while all nodes were
 * down still runs when one is back, as long as its slot has not ended. The probes themselves run in a small bounded
 * pool: a hundred relays starting at 06:00 never start a hundred ffmpegs at once.
 */
@Service
public class RelayProbes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayProbes.class);

    static final String BEFORE = "BEFORE";
    static final String START = "START";

    private final Programmes programmes;
    private final AreaService areas;
    private final DeviceService devices;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ManifestRenewals renewals;
    private final Clock clock;
    private final SourceProbe probe;
    private final Duration lead;
    private final Duration every;
    private final boolean enabled;
    private final ThreadPoolExecutor pool;
    private ScheduledExecutorService ticker;

    RelayProbes(
            Programmes programmes,
            AreaService areas,
            DeviceService devices,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            ManifestRenewals renewals,
            Clock clock,
            @Value("${openloa.relay.probe.enabled:true}") boolean enabled,
            @Value("${openloa.relay.probe.lead:PT10M}") Duration lead,
            @Value("${openloa.relay.probe.every:PT30S}") Duration every,
            @Value("${openloa.relay.probe.listen:PT4S}") Duration listen,
            @Value("${openloa.relay.probe.timeout:PT10S}") Duration timeout,
            @Value("${openloa.relay.probe.silence-db:-50}") double silenceDb,
            @Value("${openloa.relay.probe.threads:2}") int threads,
            @Value("${openloa.relay.probe.ffmpeg:ffmpeg}") String ffmpeg) {
        this.programmes = programmes;
        this.areas = areas;
        this.devices = devices;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.renewals = renewals;
        this.clock = clock;
        this.enabled = enabled;
        this.lead = lead;
        this.every = every;
        this.probe = new SourceProbe(ffmpeg, listen, timeout, silenceDb);
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(200), r -> {
            Thread thread = new Thread(r, "relay-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A probe's finding, for the dashboard, the calendar and the manifests. */
    public record Finding(
            UUID broadcastId,
            Instant slotStart,
            String phase,
            UUID areaId,
            String url,
            Instant probedAt,
            String problem) {

        public boolean failed() {
            return problem != null;
        }
    }

    /**
     * Claims and starts the probes due now; the returned future completes when they have all run. Called by the
     * node's own ticker (and by tests, which then wait on it).
     */
    public CompletableFuture<Void> runDue() {
        Instant now = clock.instant();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        List<Slot> due = transaction.execute(status -> due(now));
        for (Slot slot : due == null ? List.<Slot>of() : due) {
            if (claim(slot, now)) {
                started.add(run(slot));
            }
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    /** A relay slot to probe, with what the probe needs after the transaction that found it. */
    record Slot(
            UUID broadcastId,
            String title,
            String url,
            UUID areaId,
            List<String> targetPaths,
            Set<UUID> targetDevices,
            Instant start,
            String phase) {}

    private List<Slot> due(Instant now) {
        List<Slot> due = new ArrayList<>();
        Programmes.Live live = programmes.live();
        for (Broadcast row : live.rows().values()) {
            if (row.contentKind() != ContentKind.STREAM || row.streamUrl() == null) {
                continue;
            }
            org.openloa.scheduler.broadcast.Broadcast scheduled =
                    live.scheduled().get(row.key());
            if (scheduled == null) {
                continue;
            }
            ZoneId zone = areas.find(row.firstTarget()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
            Duration slot = row.slotLength() == null ? Duration.ofMinutes(1) : row.slotLength();
            List<Instant> starts = scheduled
                    .schedule()
                    .occurrences(
                            zone, new Window(now.minus(slot), now.plus(lead).plusSeconds(1)));
            for (Instant start : starts) {
                String phase = !now.isBefore(start) ? START : !now.isBefore(start.minus(lead)) ? BEFORE : null;
                if (phase != null && now.isBefore(start.plus(slot))) {
                    due.add(new Slot(
                            row.id(),
                            row.title(),
                            row.streamUrl(),
                            row.areaId(),
                            row.targetAreas().stream().map(TargetArea::areaPath).toList(),
                            new LinkedHashSet<>(row.targetDeviceIds()),
                            start,
                            phase));
                }
            }
        }
        return due;
    }

    private boolean claim(Slot slot, Instant now) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> jdbc.update(
                            "insert into relay_probe (broadcast_id, slot_start, phase, area_id, url, claimed_at)"
                                    + " values (?, ?, ?, ?, ?, ?)",
                            slot.broadcastId(),
                            Timestamp.from(slot.start()),
                            slot.phase(),
                            slot.areaId(),
                            slot.url(),
                            Timestamp.from(now))
                    == 1));
        } catch (DuplicateKeyException another) {
            return false; // another node (or an earlier tick) has it
        }
    }

    private CompletableFuture<Void> run(Slot slot) {
        try {
            return CompletableFuture.runAsync(() -> record(slot, probe.problem(slot.url())), pool);
        } catch (RejectedExecutionException busy) {
            record(slot, Optional.of("not probed: too many relays to probe at once"));
            return CompletableFuture.completedFuture(null);
        }
    }

    void record(Slot slot, Optional<String> found) {
        Optional<String> problem = found.map(p -> p.length() > 500 ? p.substring(0, 500) : p);
        transaction.executeWithoutResult(status -> {
            jdbc.update(
                    "update relay_probe set probed_at = ?, ok = ?, problem = ?"
                            + " where broadcast_id = ? and slot_start = ? and phase = ?",
                    Timestamp.from(clock.instant()),
                    problem.isEmpty(),
                    problem.orElse(null),
                    slot.broadcastId(),
                    Timestamp.from(slot.start()),
                    slot.phase());
            // At the start, the warning the boxes carry since the probe before air, if that one failed.
            Optional<String> told =
                    START.equals(slot.phase()) ? problemBefore(slot.broadcastId(), slot.start()) : Optional.empty();
            boolean wasFailing = told.isPresent();
            if (!problem.equals(told)) {
                // The boxes relaying it learn of the warning (or of its end) with their next manifest, now. When the
                // start finds what the probe before air found, their manifests say so already: no new version, no
                // wake-up of every box of a province for nothing.
                Set<UUID> boxes = new LinkedHashSet<>(slot.targetDevices());
                for (String path : slot.targetPaths()) {
                    boxes.addAll(devices.namesUnder(path).keySet());
                }
                renewals.renew(boxes, "relay source probe of " + slot.title());
            }
            // The operators of each target area are told once per slot: when it is first found failing.
            if (problem.isPresent() && !wasFailing) {
                for (String path : slot.targetPaths()) {
                    events.publishEvent(
                            new RelaySourceFailed(path, slot.broadcastId(), slot.title(), slot.start(), problem.get()));
                }
            }
        });
        problem.ifPresentOrElse(
                p -> log.warn(
                        "Relay source of broadcast {} ({}) for {} failed its probe: {}",
                        slot.broadcastId(),
                        slot.phase(),
                        slot.start(),
                        p),
                () -> log.debug(
                        "Relay source of broadcast {} ({}) for {} answers",
                        slot.broadcastId(),
                        slot.phase(),
                        slot.start()));
    }

    private Optional<String> problemBefore(UUID broadcastId, Instant start) {
        return jdbc
                .query(
                        "select problem from relay_probe where broadcast_id = ? and slot_start = ? and phase = ?"
                                + " and ok = false",
                        (rs, i) -> rs.getString(1),
                        broadcastId,
                        Timestamp.from(start),
                        BEFORE)
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * What the box should be told about the slot of {@code broadcastId} that covers [start, end): the newest probe's
     * problem, if it failed.
     */
    public Optional<String> warningFor(UUID broadcastId, Instant start, Instant end) {
        return latest(broadcastId, start.minus(lead), end)
                .filter(Finding::failed)
                .map(Finding::problem);
    }

    /**
     * The newest finding of each slot of the relays owned by or aimed at the areas under the caller's reach (or
     * under {@code areaId}) starting within [from, to), failed ones only.
     */
    public List<Finding> warnings(Caller caller, UUID areaId, Instant from, Instant to) {
        String scope =
                areaId == null ? caller.scopePath() : areas.get(caller, areaId).path();
        List<Finding> all = jdbc.query(
                "select broadcast_id, slot_start, phase, area_id, url, probed_at, problem from relay_probe"
                        + " where slot_start >= ? and slot_start < ? and probed_at is not null"
                        + " order by slot_start, probed_at",
                (rs, i) -> new Finding(
                        rs.getObject(1, UUID.class),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7)),
                Timestamp.from(from),
                Timestamp.from(to));
        // the newest finding per slot decides: a source that failed before air and answered at start is well
        java.util.Map<String, Finding> newest = new java.util.LinkedHashMap<>();
        for (Finding f : all) {
            newest.put(f.broadcastId() + " " + f.slotStart(), f);
        }
        return newest.values().stream()
                .filter(Finding::failed)
                .filter(f -> areas.find(f.areaId())
                        .map(a -> a.path().startsWith(scope) || scope.startsWith(a.path()))
                        .orElse(false))
                .toList();
    }

    /** How many probes of the broadcast's slots were claimed (each slot and phase once). */
    public int probesOf(UUID broadcastId) {
        Integer n = jdbc.queryForObject(
                "select count(*) from relay_probe where broadcast_id = ?", Integer.class, broadcastId);
        return n == null ? 0 : n;
    }

    private Optional<Finding> latest(UUID broadcastId, Instant from, Instant to) {
        return jdbc
                .query(
                        "select broadcast_id, slot_start, phase, area_id, url, probed_at, problem from relay_probe"
                                + " where broadcast_id = ? and slot_start >= ? and slot_start < ?"
                                + " and probed_at is not null order by probed_at desc",
                        (rs, i) -> new Finding(
                                rs.getObject(1, UUID.class),
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(3),
                                rs.getObject(4, UUID.class),
                                rs.getString(5),
                                rs.getTimestamp(6).toInstant(),
                                rs.getString(7)),
                        broadcastId,
                        Timestamp.from(from),
                        Timestamp.from(to))
                .stream()
                .findFirst();
    }

    // ---------------------------------------------------------------- the node's ticker

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "relay-probe-ticker");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(
                () -> {
                    try {
                        runDue();
                    } catch (RuntimeException e) {
                        log.error("Relay probes could not be planned; the next tick tries again", e);
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        pool.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
