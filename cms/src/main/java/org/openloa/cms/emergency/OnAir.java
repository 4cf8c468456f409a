package org.openloa.cms.emergency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.MediaJob;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastChanged;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.ScheduleSpec;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinAudioAttached;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts an emergency on air once every content of it has audio, and keeps its state true afterwards.
 *
 * <p>Contents that need audio (speech, a recording) are made by the audio pipeline in the background; when a
 * bulletin gets its audio ({@link BulletinAudioAttached}, after that commit) the emergencies it belongs to are
 * looked at again in a transaction of their own. Reading an emergency does the same ({@link #settle}), which is
 * also the safety net: a failed audio job fails the emergency (or its replacement), and an emergency whose
 * broadcasts have all ended has ended. Two nodes settling the same emergency at once meet on its version: one
 * wins, the other finds nothing left to do.
 */
@Component
class OnAir {

    private static final Logger log = LoggerFactory.getLogger(OnAir.class);

    /** The most airings one emergency makes (now and each repeat until its end): two days every hour. */
    static final int MAX_AIRINGS = 48;

    /** Why the broadcasts of replaced contents leave the air: what the boxes are told. */
    static final String REPLACED = "emergency updated";

    private final EmergencyRows rows;
    private final BroadcastService broadcasts;
    private final BulletinService bulletins;
    private final AudioService audio;
    private final AreaService areas;
    private final AuditLog audit;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    OnAir(
            EmergencyRows rows,
            BroadcastService broadcasts,
            BulletinService bulletins,
            AudioService audio,
            AreaService areas,
            AuditLog audit,
            PlatformTransactionManager transactions,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.rows = rows;
        this.broadcasts = broadcasts;
        this.bulletins = bulletins;
        this.audio = audio;
        this.areas = areas;
        this.audit = audit;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** A bulletin has audio: the emergencies waiting for it may go on air now. */
    @TransactionalEventListener
    void audioAttached(BulletinAudioAttached event) {
        List<UUID> waiting = ownTransaction.execute(s -> rows.findByContent(event.bulletinId()).stream()
                .filter(Emergency::awaitsAiring)
                .map(Emergency::id)
                .toList());
        if (waiting != null) {
            waiting.forEach(this::settle);
        }
    }

    /**
     * A broadcast changed; when it was an emergency's and it ended (its end trigger, the expiry sweep), the
     * emergency whose broadcasts are now all over has ended, whether or not anyone reads it: its state, the alert
     * feeds and the dashboards say so at once. Emergencies on air are few, so looking at them on each change is cheap.
     */
    @TransactionalEventListener
    void broadcastChanged(BroadcastChanged event) {
        if (event.after() != null && event.after().state() != BroadcastState.ENDED) {
            return;
        }
        List<UUID> ending = ownTransaction.execute(s -> rows.findIdsByState(List.of(EmergencyState.ON_AIR)).stream()
                .filter(id -> rows.findById(id)
                        .map(e -> e.broadcastIds().contains(event.broadcastId()))
                        .orElse(false))
                .toList());
        if (ending != null) {
            ending.forEach(this::settle);
        }
    }

    /**
     * Brings an emergency up to date in a transaction of its own: on air if its audio is ready, failed if its
     * audio could not be made, ended if its broadcasts are over. Never throws for a lost race.
     */
    void settle(UUID id) {
        try {
            ownTransaction.executeWithoutResult(s -> rows.findById(id).ifPresent(this::settle));
        } catch (OptimisticLockingFailureException raced) {
            log.debug("Emergency {} was settled by another transaction", id);
        } catch (ProblemException refused) {
            // Its broadcasts were refused (an area retired meanwhile…): it cannot air as it is.
            log.warn("Emergency {} could not go on air: {}", id, refused.getMessage());
            ownTransaction.executeWithoutResult(s -> rows.findById(id).ifPresent(e -> {
                if (e.awaitsAiring()) {
                    e.failed(refused.code());
                    rows.save(e);
                    recordAs(e, "EMERGENCY_FAILED", refused.code());
                }
            }));
        }
    }

    private void settle(Emergency emergency) {
        if (emergency.awaitsAiring()) {
            String failed = failedAudio(emergency);
            if (failed != null) {
                emergency.failed(failed);
                rows.save(emergency);
                recordAs(emergency, "EMERGENCY_FAILED", failed);
                return;
            }
            Caller actor = emergency.actor();
            ActingAs.run(actor, () -> airIfReady(emergency, actor));
            return;
        }
        if (emergency.state() == EmergencyState.ON_AIR && allEnded(emergency.broadcastIds())) {
            emergency.ended();
            archiveMadeHere(emergency.contents(), emergency.raisedBy());
            rows.save(emergency);
            events.publishEvent(new EmergencyLeftAir(emergency.id(), EmergencyState.ENDED, null, clock.instant()));
        }
    }

    /**
     * In the caller's transaction: when every waiting content has audio, approves those made here, creates the
     * broadcasts (now, then every repeat until the end) and takes the replaced ones off air.
     *
     * @return whether it went on air
     */
    boolean airIfReady(Emergency emergency, Caller caller) {
        if (!emergency.awaitsAiring()) {
            return false;
        }
        List<Emergency.Content> pending = emergency.pendingContents();
        for (Emergency.Content content : pending) {
            Bulletin bulletin = bulletins.get(Caller.system(), content.bulletinId());
            if (bulletin.audioAssetId() == null) {
                return false;
            }
        }
        for (Emergency.Content content : pending) {
            if (content.madeHere()) {
                bulletins.approveForEmergency(
                        content.bulletinId(), caller.username(), emergency.id().toString());
            } else if (bulletins.get(Caller.system(), content.bulletinId()).status() != BulletinStatus.APPROVED) {
                throw ProblemException.conflict(
                        "bulletin-not-approved", "scheduling.broadcast.bulletin-not-approved", content.bulletinId());
            }
        }
        List<UUID> replaced = emergency.broadcastIds();
        List<Emergency.Content> replacedContents = replaced.isEmpty() ? List.of() : emergency.contents();
        Instant now = clock.instant();
        List<Instant> starts = airings(now, emergency.endsAt(), emergency.repeatEvery());
        ZoneId zone = areas.find(emergency.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            BroadcastDraft draft = new BroadcastDraft(
                    emergency.areaId(),
                    title(emergency.title(), i, starts.size()),
                    pending.stream().map(Emergency.Content::bulletinId).toList(),
                    null,
                    null,
                    emergency.areas().stream().map(Emergency.Target::areaId).toList(),
                    List.of(),
                    new ScheduleSpec(
                            ScheduleSpec.ONCE,
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                    starts.get(i).atZone(zone)),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null),
                    emergency.priority(),
                    null,
                    1,
                    null,
                    null,
                    List.copyOf(emergency.deviceIds()));
            created.add(broadcasts.create(caller, draft, false).broadcast().id());
        }
        for (UUID old : replaced) {
            broadcasts.takeOffAir(caller, old, REPLACED);
        }
        emergency.aired(created);
        archiveMadeHere(replacedContents, caller.username());
        rows.save(emergency);
        audit.record(
                "EMERGENCY_ON_AIR",
                "emergency",
                emergency.id().toString(),
                emergency.areaPath(),
                emergency.title() + " · " + created.size() + " airing(s) from " + now);
        return true;
    }

    /**
     * When it airs: now, then every {@code repeat} while before {@code end}; only now without an end. Checked by
     * the service before anything is saved, so never more than {@link #MAX_AIRINGS}.
     */
    static List<Instant> airings(Instant now, Instant end, Duration repeat) {
        List<Instant> starts = new ArrayList<>();
        starts.add(now);
        if (end == null || repeat == null) {
            return starts;
        }
        for (Instant next = now.plus(repeat);
                next.isBefore(end) && starts.size() < MAX_AIRINGS;
                next = next.plus(repeat)) {
            starts.add(next);
        }
        return starts;
    }

    private static String title(String title, int index, int count) {
        String suffix = count == 1 ? "" : " (" + (index + 1) + "/" + count + ")";
        String whole = title + suffix;
        return whole.length() <= 300 ? whole : title.substring(0, 300 - suffix.length()) + suffix;
    }

    /** The refusal code of a waiting content's audio job that failed; null while none has. */
    private String failedAudio(Emergency emergency) {
        for (Emergency.Content content : emergency.pendingContents()) {
            if (!content.madeHere()) {
                continue;
            }
            List<MediaJob> jobs = audio.jobsOf(content.bulletinId());
            if (!jobs.isEmpty() && jobs.get(0).state() == MediaJob.State.FAILED) {
                return jobs.get(0).errorCode();
            }
        }
        return null;
    }

    private boolean allEnded(List<UUID> broadcastIds) {
        if (broadcastIds.isEmpty()) {
            return false;
        }
        for (UUID id : broadcastIds) {
            try {
                Broadcast broadcast = broadcasts.get(Caller.system(), id);
                if (broadcast.state() != BroadcastState.ENDED) {
                    return false;
                }
            } catch (ProblemException gone) {
                // deleted by hand: it airs no more
            }
        }
        return true;
    }

    /** The bulletins made for it are kept, archived, as the record of what aired. */
    void archiveMadeHere(List<Emergency.Content> contents, String actor) {
        for (Emergency.Content content : contents) {
            if (content.madeHere()) {
                bulletins.archiveForEmergency(content.bulletinId(), actor);
            }
        }
    }

    private void recordAs(Emergency emergency, String action, String detail) {
        ActingAs.run(emergency.actor(), () -> {
            audit.record(
                    action,
                    "emergency",
                    emergency.id().toString(),
                    emergency.areaPath(),
                    emergency.title() + " · " + detail);
            return null;
        });
    }
}
