package org.openloa.cms.broadcast;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.reach.AreaId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Broadcasts within the caller's areas, the communes' inbox of content offered from above, and what a
 * change would cause (next occurrences, conflicts) before it is saved.
 *
 * <p>Who: an ADMIN or OPERATOR of the owner area creates and changes a broadcast; an OPERATOR of a commune
 * accepts or declines what is offered to it; anyone reaching an area it airs in reads it. This service checks
 * reach and roles and looks up what a change names (bulletins, areas); {@link Broadcast} holds the rules,
 * {@link Preview} what a change would cause, {@link CommuneOffers} the Circular 39 offers. Every change is
 * audited and published as {@link BroadcastChanged} in its transaction, which re-plans the devices it reaches.
 */
@Service
@Transactional
public class BroadcastService {

    private static final Instant FAR_PAST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * How far in the past an urgent broadcast (PRIORITY, EMERGENCY) may be set to start: "now" means now, even
     * when it was typed at the start of the minute or computed a moment before the check. The plan looks back by
     * an occurrence's length and its allowed delay, so an occurrence a minute old is still on every plan.
     */
    static final java.time.Duration URGENT_START_GRACE = java.time.Duration.ofSeconds(60);

    private final Broadcasts broadcasts;
    private final CommuneOffers offers;
    private final Programmes programmes;
    private final Preview preview;
    private final BroadcastTimes times;
    private final AreaService areas;
    private final BulletinService bulletins;
    private final AudioLibrary audio;
    private final DeviceService devices;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final jakarta.persistence.EntityManager entities;

    BroadcastService(
            Broadcasts broadcasts,
            CommuneOffers offers,
            Programmes programmes,
            Preview preview,
            BroadcastTimes times,
            AreaService areas,
            BulletinService bulletins,
            AudioLibrary audio,
            DeviceService devices,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            jakarta.persistence.EntityManager entities) {
        this.broadcasts = broadcasts;
        this.offers = offers;
        this.programmes = programmes;
        this.preview = preview;
        this.times = times;
        this.areas = areas;
        this.bulletins = bulletins;
        this.audio = audio;
        this.devices = devices;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.entities = entities;
    }

    // ---------------------------------------------------------------- reading

    @Transactional(readOnly = true)
    public List<Broadcast> list(Caller caller, BroadcastQuery query) {
        String scope = query.areaId() == null
                ? caller.scopePath()
                : areas.get(caller, query.areaId()).path();
        Instant from = query.from() == null ? FAR_PAST : query.from();
        Instant to = query.to() == null ? FAR_FUTURE : query.to();
        if (!to.isAfter(from)) {
            throw ProblemException.rule("end-before-start", "to", "scheduling.rule.END_BEFORE_START", to);
        }
        return broadcasts.findVisible(scope, AreaService.pathsAboveOrAt(scope), from, to);
    }

    /** A broadcast the caller may see: owned under their area, or airing in it (offered or sent from above). */
    @Transactional(readOnly = true)
    public Broadcast get(Caller caller, UUID id) {
        return broadcasts
                .findById(id)
                .filter(b -> b.visibleTo(caller))
                .orElseThrow(() -> ProblemException.notFound("broadcast"));
    }

    /** Whether the caller may change it (an ADMIN or OPERATOR of the owner area). */
    public static boolean editable(Caller caller, Broadcast broadcast) {
        return broadcast.editableBy(caller);
    }

    @Transactional(readOnly = true)
    public List<BroadcastOffer> offers(Caller caller, Broadcast broadcast) {
        return offers.of(caller, broadcast);
    }

    /** Offers to the caller's communes, newest first; {@code state} null for all. */
    @Transactional(readOnly = true)
    public List<Offered> inbox(Caller caller, OfferState state) {
        return offers.inbox(caller, state);
    }

    /** An offer and the broadcast offered. */
    public record Offered(BroadcastOffer offer, Broadcast broadcast) {}

    /** What the schedule gives next, in the local time of each zone the broadcast airs in. */
    @Transactional(readOnly = true)
    public List<Outcome.Occurrence> nextOccurrences(Broadcast broadcast, int count) {
        return preview.nextOccurrences(broadcast, count);
    }

    // ---------------------------------------------------------------- changing

    /** Creates a broadcast, or with {@code dryRun} only tells what it would be, its occurrences and conflicts. */
    public Outcome create(Caller caller, BroadcastDraft draft, boolean dryRun) {
        requireOperatorOrAdmin(caller);
        Area owner = ownerArea(caller, draft.areaId());
        Broadcast broadcast =
                new Broadcast(UUID.randomUUID(), owner.id(), owner.path(), caller.username(), clock.instant());
        apply(caller, broadcast, owner, draft);
        Outcome outcome = preview.outcome(broadcast, scheduled(broadcast, Set.of()), !dryRun);
        if (dryRun) {
            return outcome;
        }
        broadcasts.save(broadcast);
        offers.sync(broadcast);
        publish(broadcast, null);
        return outcome;
    }

    /** Changes the fields given; with {@code dryRun} nothing is saved. */
    public Outcome update(Caller caller, UUID id, BroadcastDraft change, boolean dryRun) {
        Broadcast current = requireEditable(caller, id);
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(current);
        Broadcast broadcast = dryRun ? current.copy() : current;
        Area owner = areas.find(broadcast.areaId()).orElseThrow(() -> ProblemException.notFound("area"));
        if (change.areaId() != null && !change.areaId().equals(owner.id())) {
            throw ProblemException.rule("owner-fixed", "areaId", "scheduling.broadcast.owner-fixed");
        }
        apply(caller, broadcast, owner, change);
        Outcome outcome = preview.outcome(
                broadcast, scheduled(broadcast, before.acceptance().acceptedBy()), !dryRun);
        if (dryRun) {
            return outcome;
        }
        broadcast.revised(clock.instant());
        broadcasts.save(broadcast);
        offers.sync(broadcast);
        publish(broadcast, before);
        return outcome;
    }

    public void delete(Caller caller, UUID id) {
        Broadcast broadcast = requireEditable(caller, id);
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        offers.withdrawAll(id);
        broadcast.discard();
        broadcasts.delete(broadcast);
        record(broadcast);
        programmes.changed(id);
        events.publishEvent(new BroadcastChanged(id, before, null, null));
    }

    /**
     * Accepts or declines NORMAL content offered to a commune (Circular 39). {@code areaId} null means the
     * caller's own area. Only an OPERATOR reaching that commune decides; a decision can be changed.
     */
    public BroadcastOffer decide(Caller caller, UUID broadcastId, UUID areaId, OfferState decision, String reason) {
        return offers.decide(caller, broadcastId, areaId, decision, reason);
    }

    /**
     * Takes a broadcast off air now, before its time, with the reason the boxes are told (an emergency stopped or
     * corrected). Only those who may change it; one already ended is left as it is.
     */
    public Broadcast takeOffAir(Caller caller, UUID id, String reason) {
        Broadcast broadcast = requireEditable(caller, id);
        if (broadcast.state() == BroadcastState.ENDED) {
            return broadcast;
        }
        // An emergency takes several broadcasts off air in one transaction: re-planning after the first loads the
        // others read-only ({@link Broadcasts#findLive}), and a change to a read-only instance would be lost.
        org.hibernate.Session session = entities.unwrap(org.hibernate.Session.class);
        if (session.contains(broadcast) && session.isReadOnly(broadcast)) {
            session.setReadOnly(broadcast, false);
        }
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        broadcast.takeOffAir(reason, clock.instant());
        broadcasts.save(broadcast);
        publish(broadcast, before);
        events.publishEvent(new BroadcastTakenOffAir(id, reason, broadcast.endedAt()));
        return broadcast;
    }

    /** Ends a broadcast whose last occurrence is over (the expiry trigger); false if there is nothing to do. */
    public boolean endIfOver(UUID id, Instant now) {
        Broadcast broadcast = broadcasts.findById(id).orElse(null);
        if (broadcast == null
                || broadcast.state() == BroadcastState.ENDED
                || broadcast.endsAt() == null
                || broadcast.endsAt().isAfter(now)) {
            return false;
        }
        end(broadcast);
        return true;
    }

    /** Ends every broadcast past its end (the hourly sweep behind the triggers). */
    public int endOverdue(Instant now) {
        int ended = 0;
        for (Broadcast broadcast : broadcasts.findOverdue(BroadcastState.ENDED, now)) {
            end(broadcast);
            ended++;
        }
        return ended;
    }

    /** Takes a bulletin that will no longer air (archived, expired) out of every broadcast; ends those left empty. */
    public int dropBulletin(UUID bulletinId) {
        int changed = 0;
        for (Broadcast broadcast : broadcasts.findLivePlaying(BroadcastState.ENDED, bulletinId)) {
            org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
            broadcast.withdraw(bulletinId, clock.instant());
            if (broadcast.state() != BroadcastState.ENDED) {
                times.span(broadcast, programmes.of(broadcast));
            }
            broadcasts.save(broadcast);
            publish(broadcast, before);
            changed++;
        }
        return changed;
    }

    // ---------------------------------------------------------------- a change, looked up and handed in

    /**
     * Applies a draft: looks up what it names (bulletins, areas, the zone its schedule is read in) and hands
     * that to the broadcast, whose rules decide; then derives its span.
     */
    private void apply(Caller caller, Broadcast broadcast, Area owner, BroadcastDraft d) {
        Priority contentPriority =
                broadcast.replaceContent(d.bulletinIds(), id -> airable(caller, id), d.streamUrl(), d.slotLength());
        broadcast.target(
                place(owner),
                d.targetAreaIds(),
                id -> place(areas.get(caller, id)),
                d.targetTags(),
                d.targetDeviceIds(),
                id -> spot(caller, id));
        broadcast.schedule(
                d.schedule() == null ? null : checked(d.schedule(), times.scheduleZone(broadcast), d.priority()));
        broadcast.settings(d.priority(), d.volume(), d.repeatCount(), d.maxDelay(), contentPriority);
        if (d.state() != null) {
            broadcast.changeState(d.state());
        }
        broadcast.ownedAboveProgrammes(offers.aboveProgrammes(owner));
        broadcast.retitle(d.title(), d.replacesContent());
        times.span(broadcast, scheduled(broadcast, Set.of()));
    }

    /** A schedule read in the zone given, refused when it would be saved in the past. */
    private ScheduleSpec checked(ScheduleSpec schedule, ZoneId zone, Priority priority) {
        ScheduleSpec spec = schedule.normalised(zone);
        Clock checkedAgainst = priority != null && priority != Priority.NORMAL
                ? Clock.offset(clock, URGENT_START_GRACE.negated())
                : clock;
        List<RuleViolation> late = spec.toSchedule(zone).checkForSaving(zone, checkedAgainst);
        if (!late.isEmpty()) {
            throw Violations.problem(late, "schedule.");
        }
        return spec;
    }

    /** The scheduler's view of a row about to be saved; its refusals become one 422 listing every broken rule. */
    private org.openloa.scheduler.broadcast.Broadcast scheduled(Broadcast broadcast, Set<AreaId> acceptedBy) {
        try {
            return programmes.toScheduler(broadcast, acceptedBy, new HashMap<>());
        } catch (RuleViolationException e) {
            throw Violations.problem(e, "");
        }
    }

    private Broadcast.Airable airable(Caller caller, UUID id) {
        Bulletin bulletin = bulletins.get(caller, id);
        if (bulletin.status() != BulletinStatus.APPROVED) {
            throw ProblemException.conflict(
                    "bulletin-not-approved", "scheduling.broadcast.bulletin-not-approved", bulletin.title());
        }
        if (bulletin.audioAssetId() == null) {
            throw ProblemException.rule(
                    "bulletin-has-no-audio", "bulletinIds", "scheduling.broadcast.bulletin-no-audio", bulletin.title());
        }
        if (bulletin.validUntil() != null && !bulletin.validUntil().isAfter(clock.instant())) {
            throw ProblemException.rule(
                    "bulletin-expired", "bulletinIds", "scheduling.broadcast.bulletin-expired", bulletin.title());
        }
        BroadcastItem item =
                new BroadcastItem(bulletin.id(), bulletin.audioAssetId(), durationOf(bulletin), bulletin.title());
        return new Broadcast.Airable(item, Priority.valueOf(bulletin.priority().name()));
    }

    private long durationOf(Bulletin bulletin) {
        Optional<MediaAsset> asset = audio.asset(bulletin.audioAssetId());
        if (asset.isEmpty() || asset.get().durationMs() == null || asset.get().durationMs() <= 0) {
            throw ProblemException.rule(
                    "audio-not-ready", "bulletinIds", "scheduling.broadcast.audio-not-ready", bulletin.title());
        }
        return asset.get().durationMs();
    }

    /** A device named as a target, looked up within the caller's reach (404 outside it). */
    private Broadcast.Spot spot(Caller caller, UUID id) {
        Device device = devices.get(caller, id);
        return new Broadcast.Spot(device.id(), device.areaPath(), device.name(), device.retired());
    }

    private static Broadcast.Place place(Area area) {
        return new Broadcast.Place(area.id(), area.path(), area.name(), area.retired());
    }

    private Area ownerArea(Caller caller, UUID areaId) {
        UUID id = areaId != null ? areaId : caller.areaId();
        if (id == null) {
            throw ProblemException.rule("area-required", "areaId", "scheduling.broadcast.area-required");
        }
        Area area = areas.get(caller, id);
        if (area.retired()) {
            throw ProblemException.rule("area-retired", "areaId", "scheduling.broadcast.area-retired", area.name());
        }
        return area;
    }

    private Broadcast requireEditable(Caller caller, UUID id) {
        Broadcast broadcast = get(caller, id);
        if (!broadcast.editableBy(caller)) {
            throw ProblemException.forbidden();
        }
        return broadcast;
    }

    private static void requireOperatorOrAdmin(Caller caller) {
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
    }

    private void end(Broadcast broadcast) {
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        broadcast.end("ended " + broadcast.endsAt(), clock.instant());
        broadcasts.save(broadcast);
        publish(broadcast, before);
    }

    /** Audits what happened to a saved broadcast and re-plans what it reaches, in this transaction. */
    private void publish(Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast before) {
        record(broadcast);
        programmes.changed(broadcast.id());
        events.publishEvent(new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
    }

    private void record(Broadcast broadcast) {
        for (BroadcastEvent event : broadcast.takeEvents()) {
            audit.record(
                    event.action(),
                    "broadcast",
                    broadcast.key(),
                    broadcast.areaPath(),
                    event.detail() != null ? event.detail() : broadcast.summary());
        }
    }
}
