package org.openloa.cms.plan;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceName;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.plan.Plan;
import org.openloa.scheduler.plan.PlanItem;
import org.openloa.scheduler.plan.PlanResolver;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Missed plays: plan items that ended without their device reporting them played (PLAYED, or INTERRUPTED by
 * an emergency). Found by a sweep over what ended since the last sweep (its watermark is in the database),
 * once the grace for late play logs has passed; a log that arrives later still clears the item, since reads
 * leave out items that now have one.
 *
 * <p>Only devices that have reported at least once are checked (a box not yet installed is not "missing"
 * plays), and only items that started after the device was created. The plan is resolved again from today's
 * broadcasts, including those ended since: a broadcast deleted after it aired leaves no missed play.
 *
 * <p>An item that reached its device only after its end ({@link LateArrivals}) is recorded as reported
 * {@code LATE}, not as "no report". EMERGENCY items get a sweep of their own with a short grace (a minute by
 * default), so an emergency that did not air somewhere shows within a minute or two of its end; the others are
 * swept at most every {@link #NORMAL_STEP}, as before.
 */
@Service
@Transactional(readOnly = true)
public class MissedPlays {

    static final String JOB = "missed-plays";
    /** A sweep never looks further back than this in one run: after a long outage it catches up in steps. */
    static final Duration MAX_STEP = Duration.ofDays(1);

    static final String EMERGENCY_JOB = "missed-plays-emergency";
    /** The sweep of all items waits until this much has ended since its last run (it resolves every plan). */
    static final Duration NORMAL_STEP = Duration.ofMinutes(5);
    /** What a box reported instead of playing, when the item reached it only after its end. */
    public static final String LATE = "LATE";

    private static final String NOT_CLEARED =
            " and not exists (select 1 from play_log p where p.device_id = m.device_id"
                    + " and p.item_id = m.item_id and p.outcome in ('PLAYED', 'INTERRUPTED'))";

    private final NamedParameterJdbcTemplate jdbc;
    private final DeviceProfiles devices;
    private final DeviceService deviceNames;
    private final PlayLogs playLogs;
    private final Programmes programmes;
    private final AreaService areas;
    private final Clock clock;
    private final LateArrivals lateArrivals;
    private final ApplicationEventPublisher events;

    /** {@code openloa_plays_missed_total{priority}}: missed plays found by the sweep (docs/operations.md). */
    static final String MISSED = "openloa.plays.missed";

    private final MeterRegistry meters;

    MissedPlays(
            NamedParameterJdbcTemplate jdbc,
            DeviceProfiles devices,
            DeviceService deviceNames,
            PlayLogs playLogs,
            Programmes programmes,
            AreaService areas,
            Clock clock,
            LateArrivals lateArrivals,
            ApplicationEventPublisher events,
            MeterRegistry meters) {
        this.meters = meters;
        this.lateArrivals = lateArrivals;
        this.events = events;
        this.jdbc = jdbc;
        this.devices = devices;
        this.deviceNames = deviceNames;
        this.playLogs = playLogs;
        this.programmes = programmes;
        this.areas = areas;
        this.clock = clock;
    }

    /** Missed plays under the caller's area (or under {@code areaId}) that were due to end in [from, to). */
    public List<Missed> list(Caller caller, UUID areaId, Instant from, Instant to) {
        String scope =
                areaId == null ? caller.scopePath() : areas.get(caller, areaId).path();
        Instant until = to == null ? clock.instant() : to;
        Instant since = from == null ? until.minus(Duration.ofDays(1)) : from;
        if (!until.isAfter(since)) {
            throw ProblemException.rule("end-before-start", "to", "scheduling.rule.END_BEFORE_START", until);
        }
        List<Missed> rows = jdbc.query(
                "select m.device_id, m.item_id, m.broadcast_id, m.priority, m.planned_start, m.planned_end, m.reported,"
                        + " m.reason from missed_play m"
                        + " where m.area_path like :scope and m.planned_end >= :since and m.planned_end < :until"
                        + NOT_CLEARED
                        + " order by m.planned_end desc fetch first 1000 rows only",
                new MapSqlParameterSource("scope", scope + "%")
                        .addValue("since", Timestamp.from(since))
                        .addValue("until", Timestamp.from(until)),
                (rs, i) -> new Missed(
                        rs.getObject(1, UUID.class),
                        null,
                        null,
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        null,
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7),
                        rs.getString(8)));
        Map<UUID, DeviceName> names =
                deviceNames.names(rows.stream().map(Missed::deviceId).toList());
        Map<UUID, String> titles =
                programmes.titles(rows.stream().map(Missed::broadcastId).toList());
        return rows.stream()
                .map(row -> row.with(names.get(row.deviceId()), titles.get(row.broadcastId())))
                .toList();
    }

    /** How many plays were missed in the last 24 hours under the caller's area: the dashboard's tile. */
    public long countLastDay(Caller caller) {
        Instant now = clock.instant();
        Long count = jdbc.queryForObject(
                "select count(*) from missed_play m where m.area_path like :scope" + " and m.planned_end >= :since"
                        + NOT_CLEARED,
                new MapSqlParameterSource("scope", caller.scopePath() + "%")
                        .addValue("since", Timestamp.from(now.minus(Duration.ofDays(1)))),
                Long.class);
        return count == null ? 0 : count;
    }

    @Schema(name = "MissedPlay", description = "A plan item that ended without its device reporting it played")
    public record Missed(
            @Schema(description = "the device") UUID deviceId,
            @Schema(description = "the device's name") String deviceName,
            @Schema(description = "the device's area") UUID areaId,
            @Schema(description = "the plan item") String itemId,

            @Schema(description = "the broadcast the item came from")
            UUID broadcastId,

            @Schema(description = "the broadcast's title") String title,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            String priority,

            @Schema(description = "when the item was to start")
            Instant plannedStart,

            @Schema(description = "when the item was to end")
            Instant plannedEnd,

            @Schema(
                    description =
                            "the outcome the device reported instead (e.g. FAILED, SKIPPED), LATE when the item reached"
                                    + " the device only after its end; null if it reported nothing")
            String reported,

            @Schema(description = "the device's reason for that outcome")
            String reason) {

        private Missed with(DeviceName device, String broadcastTitle) {
            return new Missed(
                    deviceId,
                    device == null ? null : device.name(),
                    device == null ? null : device.areaId(),
                    itemId,
                    broadcastId,
                    broadcastTitle,
                    priority,
                    plannedStart,
                    plannedEnd,
                    reported,
                    reason);
        }
    }

    /**
     * Checks the items that ended between the watermark and {@code now - grace}, records those not reported
     * played, and moves the watermark, all in the caller's transaction. Returns a line for the job's record.
     * Runs at most every {@link #NORMAL_STEP}: called more often, it waits until that much has ended.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    String sweep(Instant now, Duration grace) {
        return sweep(JOB, now, grace, false);
    }

    /** Like {@link #sweep}, for EMERGENCY items only, with its own watermark and a grace of its own. */
    @Transactional(propagation = Propagation.MANDATORY)
    String sweepEmergencies(Instant now, Duration grace) {
        return sweep(EMERGENCY_JOB, now, grace, true);
    }

    private String sweep(String job, Instant now, Duration grace, boolean emergenciesOnly) {
        Instant to = now.minus(grace);
        List<Instant> marks = jdbc.query(
                "select until from job_watermark where job_name = :job for update",
                new MapSqlParameterSource("job", job),
                (rs, i) -> rs.getTimestamp(1).toInstant());
        if (marks.isEmpty()) {
            jdbc.update(
                    "insert into job_watermark (job_name, until) values (:job, :until)",
                    new MapSqlParameterSource("job", job).addValue("until", Timestamp.from(to)));
            return "started checking from " + to;
        }
        Instant from = marks.get(0);
        if (!to.isAfter(from) || (!emergenciesOnly && Duration.between(from, to).compareTo(NORMAL_STEP) < 0)) {
            return to.isAfter(from)
                    ? "waiting for " + NORMAL_STEP + " to end since " + from
                    : "nothing ended since " + from;
        }
        if (Duration.between(from, to).compareTo(MAX_STEP) > 0) {
            to = from.plus(MAX_STEP);
        }
        int missed = check(new Window(from, to), emergenciesOnly);
        jdbc.update(
                "update job_watermark set until = :until where job_name = :job",
                new MapSqlParameterSource("job", job).addValue("until", Timestamp.from(to)));
        return (emergenciesOnly ? "checked EMERGENCY items ending in (" : "checked items ending in (") + from + ", "
                + to + "]: " + missed + " missed";
    }

    private int check(Window window, boolean emergenciesOnly) {
        List<Device> seen =
                devices.inService().stream().filter(d -> d.lastSeenAt() != null).toList();
        if (seen.isEmpty()) {
            return 0;
        }
        Map<String, Device> byId = new HashMap<>();
        seen.forEach(d -> byId.put(d.id().toString(), d));
        List<DeviceProfile> profiles = devices.profiles(seen);
        Programmes.Live live = programmes.live();
        List<org.openloa.scheduler.broadcast.Broadcast> airing = new ArrayList<>(live.all());
        Map<String, Instant> endedAt = new HashMap<>();
        for (Broadcast row : programmes.endedSince(window.from())) {
            // Ended since: it aired until then, so judge it as it was.
            try {
                airing.add(programmes.of(row).withState(BroadcastState.ACTIVE));
                endedAt.put(row.key(), row.updatedAt());
            } catch (RuntimeException unplannable) {
                // An ended broadcast the scheduler cannot represent aired nothing to miss.
            }
        }
        if (emergenciesOnly) {
            // An EMERGENCY item outranks everything, so resolving emergencies alone places them as they were.
            airing.removeIf(b -> b.priority() != org.openloa.scheduler.broadcast.Priority.EMERGENCY);
            if (airing.isEmpty()) {
                return 0;
            }
        }
        Map<DeviceId, Plan> plans = new PlanResolver(clock).resolveAll(profiles, airing, window);
        Map<UUID, Set<String>> reported = playLogs.playedItems(
                byId.values().stream().map(Device::id).toList(), window.from().minus(MAX_STEP));
        int missed = 0;
        for (Map.Entry<DeviceId, Plan> entry : plans.entrySet()) {
            Device device = byId.get(entry.getKey().value());
            for (PlanItem item : entry.getValue().items()) {
                boolean endedInWindow =
                        item.end().isAfter(window.from()) && !item.end().isAfter(window.to());
                Instant end = endedAt.get(item.broadcast().value());
                if (!endedInWindow
                        || item.start().isBefore(device.createdAt())
                        || (end != null && !item.start().isBefore(end))
                        || reported.getOrDefault(device.id(), Set.of()).contains(item.id())) {
                    continue;
                }
                missed += insert(device, item);
            }
        }
        return missed;
    }

    private int insert(Device device, PlanItem item) {
        MapSqlParameterSource row = new MapSqlParameterSource("device", device.id()).addValue("item", item.id());
        Integer existing = jdbc.queryForObject(
                "select count(*) from missed_play where device_id = :device and item_id = :item", row, Integer.class);
        if (existing != null && existing > 0) {
            return 0;
        }
        PlayLogs.Report report = lateArrivals
                .late(device.id(), item.id(), item.end())
                .map(late -> new PlayLogs.Report(LATE, late.reason()))
                .or(() -> playLogs.lastReport(device.id(), item.id()))
                .orElse(null);
        jdbc.update(
                "insert into missed_play (device_id, item_id, broadcast_id, area_path, priority, planned_start,"
                        + " planned_end, reported, reason, detected_at) values (:device, :item, :broadcast, :path, :priority,"
                        + " :start, :end, :reported, :reason, :now)",
                row.addValue("broadcast", UUID.fromString(item.broadcast().value()))
                        .addValue("path", device.areaPath())
                        .addValue("priority", item.priority().name())
                        .addValue("start", Timestamp.from(item.start()))
                        .addValue("end", Timestamp.from(item.end()))
                        .addValue("reported", report == null ? null : report.outcome())
                        .addValue("reason", report == null ? null : report.reason())
                        .addValue("now", Timestamp.from(clock.instant())));
        String priority = item.priority().name();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Counted once the sweep's transaction is on disk: a sweep rolled back and run again counts once.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    meters.counter(MISSED, "priority", priority).increment();
                }
            });
        } else {
            meters.counter(MISSED, "priority", priority).increment();
        }
        if (item.priority() == org.openloa.scheduler.broadcast.Priority.EMERGENCY) {
            events.publishEvent(new EmergencyPlayMissed(
                    device.id(),
                    device.areaPath(),
                    item.id(),
                    UUID.fromString(item.broadcast().value()),
                    item.start(),
                    report == null ? null : report.outcome()));
        }
        return 1;
    }
}
