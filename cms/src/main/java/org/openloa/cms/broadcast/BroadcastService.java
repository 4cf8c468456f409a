package org.openloa.cms.broadcast;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.cms.device.Tags;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.plan.Conflict;
import org.openloa.scheduler.plan.ConflictFinder;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Tag;
import org.openloa.scheduler.schedule.Once;
import org.openloa.scheduler.schedule.Recurring;
import org.openloa.scheduler.schedule.Schedule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Broadcasts within the caller's areas, the communes' inbox of content offered from above, and what a
 * change would cause (next occurrences, conflicts) before it is saved.
 *
 * <p>Who: an ADMIN or OPERATOR of the owner area creates and changes a broadcast; an OPERATOR of a commune
 * accepts or declines what is offered to it; anyone reaching an area it airs in reads it. Every change is
 * audited and published as {@link BroadcastChanged} in its transaction, which re-plans the devices it reaches.
 */
@Service
@Transactional
public class BroadcastService {

    static final int DEFAULT_VOLUME = 80;
    static final Duration DEFAULT_RECORDING_DELAY = Duration.ofMinutes(30);
    static final Duration MAX_SLOT = Duration.ofHours(24);
    /** Conflicts are looked for this far from the first occurrence ahead: a season's programme, bounded for recurrences without end. */
    static final Duration CONFLICT_HORIZON = Duration.ofDays(62);

    static final int PREVIEWED_OCCURRENCES = 10;
    private static final Instant FAR_PAST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");
    private static final Set<String> STREAM_SCHEMES = Set.of("http", "https", "rtsp", "rtmp", "rtp", "udp", "srt");

    private final Broadcasts broadcasts;
    private final Offers offers;
    private final Programmes programmes;
    private final AreaService areas;
    private final BulletinService bulletins;
    private final AudioLibrary audio;
    private final DeviceProfiles devices;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String programmeKind;

    BroadcastService(
            Broadcasts broadcasts,
            Offers offers,
            Programmes programmes,
            AreaService areas,
            BulletinService bulletins,
            AudioLibrary audio,
            DeviceProfiles devices,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${openloa.scheduling.programme-kind:commune}") String programmeKind) {
        this.broadcasts = broadcasts;
        this.offers = offers;
        this.programmes = programmes;
        this.areas = areas;
        this.bulletins = bulletins;
        this.audio = audio;
        this.devices = devices;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.programmeKind = programmeKind;
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
        return broadcasts.findVisible(scope, pathsAboveOrAt(scope), from, to);
    }

    /** A broadcast the caller may see: owned under their area, or airing in it (offered or sent from above). */
    @Transactional(readOnly = true)
    public Broadcast get(Caller caller, UUID id) {
        return broadcasts
                .findById(id)
                .filter(b -> visible(caller, b))
                .orElseThrow(() -> ProblemException.notFound("broadcast"));
    }

    /** Whether the caller may change it (an ADMIN or OPERATOR of the owner area). */
    public static boolean editable(Caller caller, Broadcast broadcast) {
        return caller.reaches(broadcast.areaPath()) && (caller.has(Role.ADMIN) || caller.has(Role.OPERATOR));
    }

    @Transactional(readOnly = true)
    public List<BroadcastOffer> offers(Caller caller, Broadcast broadcast) {
        return offers.findByBroadcastId(broadcast.id()).stream()
                .filter(o -> caller.reaches(o.areaPath()))
                .toList();
    }

    /** Offers to the caller's communes, newest first; {@code state} null for all. */
    @Transactional(readOnly = true)
    public List<Offered> inbox(Caller caller, OfferState state) {
        List<Offered> entries = new ArrayList<>();
        for (BroadcastOffer offer : offers.findUnder(caller.scopePath())) {
            if (state != null && offer.state() != state) {
                continue;
            }
            broadcasts
                    .findById(offer.broadcastId())
                    .filter(b -> b.acceptanceRequired()
                            && (state != OfferState.PENDING || b.state() != BroadcastState.ENDED))
                    .ifPresent(b -> entries.add(new Offered(offer, b)));
        }
        return entries;
    }

    /** An offer and the broadcast offered. */
    public record Offered(BroadcastOffer offer, Broadcast broadcast) {}

    /** What the schedule gives next, in the local time of each zone the broadcast airs in. */
    @Transactional(readOnly = true)
    public List<Outcome.Occurrence> nextOccurrences(Broadcast broadcast, int count) {
        return nextOccurrences(broadcast, count, zonesOf(broadcast));
    }

    // ---------------------------------------------------------------- changing

    /** Creates a broadcast, or with {@code dryRun} only tells what it would be, its occurrences and conflicts. */
    public Outcome create(Caller caller, BroadcastDraft draft, boolean dryRun) {
        requireOperatorOrAdmin(caller);
        Area owner = ownerArea(caller, draft.areaId());
        Broadcast broadcast =
                new Broadcast(UUID.randomUUID(), owner.id(), owner.path(), caller.username(), clock.instant());
        apply(caller, broadcast, owner, draft, true);
        org.openloa.scheduler.broadcast.Broadcast after = scheduled(broadcast, Set.of());
        Outcome outcome = outcome(broadcast, after, !dryRun);
        if (dryRun) {
            return outcome;
        }
        broadcasts.save(broadcast);
        syncOffers(broadcast);
        audit.record("BROADCAST_CREATED", "broadcast", broadcast.key(), broadcast.areaPath(), describe(broadcast));
        events.publishEvent(new BroadcastChanged(broadcast.id(), null, programmes.of(broadcast), broadcast.endsAt()));
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
        apply(caller, broadcast, owner, change, false);
        Outcome outcome = outcome(broadcast, scheduled(broadcast, acceptedIn(before)), !dryRun);
        if (dryRun) {
            return outcome;
        }
        broadcast.touch(clock.instant());
        broadcasts.save(broadcast);
        syncOffers(broadcast);
        audit.record("BROADCAST_UPDATED", "broadcast", broadcast.key(), broadcast.areaPath(), describe(broadcast));
        events.publishEvent(new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
        return outcome;
    }

    public void delete(Caller caller, UUID id) {
        Broadcast broadcast = requireEditable(caller, id);
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        offers.findByBroadcastId(id).forEach(offers::delete);
        broadcasts.delete(broadcast);
        audit.record("BROADCAST_DELETED", "broadcast", broadcast.key(), broadcast.areaPath(), describe(broadcast));
        events.publishEvent(new BroadcastChanged(id, before, null, null));
    }

    /**
     * Accepts or declines NORMAL content offered to a commune (Circular 39). {@code areaId} null means the
     * caller's own area. Only an OPERATOR reaching that commune decides; a decision can be changed.
     */
    public BroadcastOffer decide(Caller caller, UUID broadcastId, UUID areaId, OfferState decision, String reason) {
        if (!caller.has(Role.OPERATOR)) {
            throw ProblemException.forbidden();
        }
        if (decision == OfferState.PENDING) {
            throw ProblemException.badRequest("invalid-decision", "scheduling.offer.invalid-decision");
        }
        UUID area = areaId != null ? areaId : caller.areaId();
        BroadcastOffer offer = area == null
                ? null
                : offers.findByBroadcastIdAndAreaId(broadcastId, area)
                        .filter(o -> caller.reaches(o.areaPath()))
                        .orElse(null);
        Broadcast broadcast =
                offer == null ? null : broadcasts.findById(broadcastId).orElse(null);
        if (offer == null || broadcast == null || !broadcast.acceptanceRequired()) {
            throw ProblemException.notFound("offer");
        }
        if (broadcast.state() == BroadcastState.ENDED) {
            throw ProblemException.conflict("broadcast-ended", "scheduling.broadcast.ended");
        }
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        offer.decide(decision, caller.username(), reason, clock.instant());
        offers.save(offer);
        audit.record(
                decision == OfferState.ACCEPTED ? "BROADCAST_ACCEPTED" : "BROADCAST_DECLINED",
                "broadcast",
                broadcast.key(),
                offer.areaPath(),
                broadcast.title() + (offer.reason() == null ? "" : ": " + offer.reason()));
        events.publishEvent(new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
        return offer;
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
        end(broadcast, "BROADCAST_ENDED", "ended " + broadcast.endsAt());
        return true;
    }

    /** Ends every broadcast past its end (the hourly sweep behind the triggers). */
    public int endOverdue(Instant now) {
        int ended = 0;
        for (Broadcast broadcast : broadcasts.findOverdue(BroadcastState.ENDED, now)) {
            end(broadcast, "BROADCAST_ENDED", "ended " + broadcast.endsAt());
            ended++;
        }
        return ended;
    }

    /** Takes a bulletin that will no longer air (archived, expired) out of every broadcast; ends those left empty. */
    public int dropBulletin(UUID bulletinId) {
        int changed = 0;
        for (Broadcast broadcast : broadcasts.findLivePlaying(BroadcastState.ENDED, bulletinId)) {
            org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
            if (!broadcast.drop(bulletinId)) {
                broadcast.changeState(BroadcastState.ENDED);
                audit.record(
                        "BROADCAST_ENDED",
                        "broadcast",
                        broadcast.key(),
                        broadcast.areaPath(),
                        "its last bulletin no longer airs");
            } else {
                span(broadcast, programmes.of(broadcast));
                audit.record(
                        "BROADCAST_UPDATED",
                        "broadcast",
                        broadcast.key(),
                        broadcast.areaPath(),
                        "bulletin " + bulletinId + " no longer airs");
            }
            broadcast.touch(clock.instant());
            broadcasts.save(broadcast);
            events.publishEvent(
                    new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
            changed++;
        }
        return changed;
    }

    // ---------------------------------------------------------------- the rules

    private void apply(Caller caller, Broadcast broadcast, Area owner, BroadcastDraft d, boolean creating) {
        Priority bulletinPriority = null;
        boolean hasBulletins = d.bulletinIds() != null && !d.bulletinIds().isEmpty();
        boolean hasStream = d.streamUrl() != null && !d.streamUrl().isBlank();
        if (hasBulletins && hasStream) {
            throw ProblemException.rule("content-ambiguous", "streamUrl", "scheduling.broadcast.content-ambiguous");
        }
        if (hasBulletins) {
            List<BroadcastItem> items = new ArrayList<>();
            for (UUID id : d.bulletinIds()) {
                Bulletin bulletin = airable(caller, id);
                items.add(new BroadcastItem(
                        bulletin.id(), bulletin.audioAssetId(), durationOf(bulletin), bulletin.title()));
                Priority level = Priority.valueOf(bulletin.priority().name());
                bulletinPriority =
                        bulletinPriority == null || level.outranks(bulletinPriority) ? level : bulletinPriority;
            }
            broadcast.playlist(items);
        } else if (hasStream) {
            Duration slot = d.slotLength() != null ? d.slotLength() : broadcast.slotLength();
            broadcast.stream(streamUrl(d.streamUrl()), slot(slot));
        } else if (d.slotLength() != null && broadcast.contentKind() == ContentKind.STREAM) {
            broadcast.stream(broadcast.streamUrl(), slot(d.slotLength()));
        } else if (creating) {
            throw ProblemException.rule("empty-content", "bulletinIds", "scheduling.rule.EMPTY_CONTENT");
        }

        if (creating || d.targetAreaIds() != null || d.targetTags() != null) {
            Set<TargetArea> targets = new LinkedHashSet<>();
            List<UUID> ids = d.targetAreaIds() != null
                    ? d.targetAreaIds()
                    : broadcast.targetAreas().stream().map(TargetArea::areaId).toList();
            for (UUID id : ids) {
                Area area = areas.get(caller, id);
                if (!area.path().startsWith(owner.path())) {
                    throw ProblemException.rule(
                            "target-outside-owner",
                            "targets.areaIds",
                            "scheduling.broadcast.target-outside-owner",
                            area.name(),
                            owner.name());
                }
                if (area.retired()) {
                    throw ProblemException.rule(
                            "target-retired", "targets.areaIds", "scheduling.broadcast.target-retired", area.name());
                }
                targets.add(new TargetArea(area.id(), area.path()));
            }
            if (targets.isEmpty()) {
                // Tags alone narrow within the owner area: a broadcast never reaches beyond its owner's devices.
                targets.add(new TargetArea(owner.id(), owner.path()));
            }
            Set<String> tags = d.targetTags() != null
                    ? Tags.normalise(d.targetTags(), "targets.tags")
                    : new TreeSet<>(broadcast.targetTags());
            broadcast.target(targets, tags);
        }

        ZoneId zone = zoneOf(Programmes.firstTarget(broadcast));
        if (creating && d.schedule() == null) {
            throw ProblemException.rule("missing-value", "schedule", "scheduling.rule.MISSING_VALUE");
        }
        if (d.schedule() != null) {
            ScheduleSpec spec = d.schedule().normalised(zone);
            List<RuleViolation> late = spec.toSchedule(zone).checkForSaving(zone, clock);
            if (!late.isEmpty()) {
                throw Violations.problem(late, "schedule.");
            }
            broadcast.schedule(spec);
        }

        // By default a broadcast takes the highest priority of its bulletins; a change keeps what was chosen.
        Priority priority = d.priority() != null
                ? d.priority()
                : !creating ? broadcast.priority() : bulletinPriority != null ? bulletinPriority : Priority.NORMAL;
        int volume = d.volume() != null ? d.volume() : creating ? DEFAULT_VOLUME : broadcast.volume();
        int repeat = d.repeatCount() != null ? d.repeatCount() : creating ? 1 : broadcast.repeatCount();
        Duration maxDelay = d.maxDelay() != null
                ? d.maxDelay()
                : creating
                        ? (broadcast.contentKind() == ContentKind.STREAM ? Duration.ZERO : DEFAULT_RECORDING_DELAY)
                        : broadcast.maxDelay();
        if (maxDelay.isNegative()) {
            throw ProblemException.rule("negative-max-delay", "maxDelay", "scheduling.rule.NEGATIVE_MAX_DELAY");
        }
        broadcast.settings(priority, volume, repeat, maxDelay);
        if (d.state() != null) {
            broadcast.changeState(d.state());
        }
        broadcast.acceptanceRequired(priority == Priority.NORMAL && aboveProgrammes(owner));
        String title = d.title() != null && !d.title().isBlank()
                ? d.title().strip()
                : broadcast.title() != null && !hasBulletins && !hasStream
                        ? broadcast.title()
                        : defaultTitle(broadcast);
        if (title.length() > 300) {
            throw ProblemException.rule("invalid-title", "title", "scheduling.broadcast.invalid-title");
        }
        broadcast.retitle(title);
        span(broadcast, scheduled(broadcast, Set.of()));
    }

    /** The scheduler's view of a row about to be saved; its refusals become one 422 listing every broken rule. */
    private org.openloa.scheduler.broadcast.Broadcast scheduled(
            Broadcast broadcast, Set<org.openloa.scheduler.reach.AreaId> acceptedBy) {
        try {
            return programmes.toScheduler(broadcast, acceptedBy, new HashMap<>());
        } catch (RuleViolationException e) {
            throw Violations.problem(e, "");
        }
    }

    private Bulletin airable(Caller caller, UUID id) {
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
        return bulletin;
    }

    private long durationOf(Bulletin bulletin) {
        Optional<MediaAsset> asset = audio.asset(bulletin.audioAssetId());
        if (asset.isEmpty() || asset.get().durationMs() == null || asset.get().durationMs() <= 0) {
            throw ProblemException.rule(
                    "audio-not-ready", "bulletinIds", "scheduling.broadcast.audio-not-ready", bulletin.title());
        }
        return asset.get().durationMs();
    }

    private static String streamUrl(String raw) {
        try {
            URI uri = new URI(raw.strip());
            if (uri.getScheme() == null
                    || !STREAM_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null) {
                throw ProblemException.rule(
                        "invalid-stream-url", "streamUrl", "scheduling.broadcast.invalid-stream-url");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw ProblemException.rule("invalid-stream-url", "streamUrl", "scheduling.broadcast.invalid-stream-url");
        }
    }

    private static Duration slot(Duration slot) {
        if (slot == null || slot.isZero() || slot.isNegative()) {
            throw ProblemException.rule("non-positive-duration", "slotLength", "scheduling.rule.NON_POSITIVE_DURATION");
        }
        if (slot.compareTo(MAX_SLOT) > 0) {
            throw ProblemException.rule("slot-too-long", "slotLength", "scheduling.broadcast.slot-too-long");
        }
        return slot;
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
        if (!editable(caller, broadcast)) {
            throw ProblemException.forbidden();
        }
        return broadcast;
    }

    private static void requireOperatorOrAdmin(Caller caller) {
        if (!caller.has(Role.ADMIN) && !caller.has(Role.OPERATOR)) {
            throw ProblemException.forbidden();
        }
    }

    static boolean visible(Caller caller, Broadcast broadcast) {
        if (caller.reaches(broadcast.areaPath())) {
            return true;
        }
        for (TargetArea target : broadcast.targetAreas()) {
            if (caller.reaches(target.areaPath()) || caller.scopePath().startsWith(target.areaPath())) {
                return true;
            }
        }
        return false;
    }

    /** "/p/c/" gives "/p/", "/p/c/": the paths of an area and every area above it. */
    static List<String> pathsAboveOrAt(String path) {
        List<String> paths = new ArrayList<>();
        int slash = path.indexOf('/', 1);
        while (slash > 0) {
            paths.add(path.substring(0, slash + 1));
            slash = path.indexOf('/', slash + 1);
        }
        if (paths.isEmpty()) {
            paths.add(path);
        }
        return paths;
    }

    // ---------------------------------------------------------------- Circular 39: offers to communes

    /** Whether the owner sits above the communes (a province): its NORMAL content needs each commune's acceptance. */
    private boolean aboveProgrammes(Area owner) {
        for (String segment : owner.path().split("/")) {
            if (!segment.isEmpty()
                    && areas.find(UUID.fromString(segment))
                            .map(a -> programmeKind.equals(a.kind()))
                            .orElse(false)) {
                return false;
            }
        }
        return true;
    }

    /** The communes a broadcast is offered to: the commune a target lies in, or every commune under a target. */
    private Map<UUID, Area> programmeAreas(Broadcast broadcast) {
        Map<UUID, Area> result = new LinkedHashMap<>();
        for (TargetArea target : broadcast.targetAreas()) {
            Area enclosing = null;
            for (String segment : target.areaPath().split("/")) {
                if (!segment.isEmpty()) {
                    Area area = areas.find(UUID.fromString(segment)).orElse(null);
                    if (area != null && programmeKind.equals(area.kind())) {
                        enclosing = area;
                    }
                }
            }
            if (enclosing != null) {
                result.putIfAbsent(enclosing.id(), enclosing);
                continue;
            }
            for (Area area : subtree(target.areaPath())) {
                if (programmeKind.equals(area.kind()) && !area.retired()) {
                    result.putIfAbsent(area.id(), area);
                }
            }
        }
        return result;
    }

    private void syncOffers(Broadcast broadcast) {
        if (!broadcast.acceptanceRequired()) {
            return;
        }
        Map<UUID, Area> wanted = programmeAreas(broadcast);
        for (BroadcastOffer offer : offers.findByBroadcastId(broadcast.id())) {
            if (wanted.remove(offer.areaId()) == null) {
                offers.delete(offer);
            }
        }
        for (Area area : wanted.values()) {
            offers.save(new BroadcastOffer(broadcast.id(), area.id(), area.path(), clock.instant()));
        }
    }

    private static Set<org.openloa.scheduler.reach.AreaId> acceptedIn(org.openloa.scheduler.broadcast.Broadcast b) {
        return b.acceptance().acceptedBy();
    }

    // ---------------------------------------------------------------- time: span, occurrences, conflicts

    /** Every zone of the areas the broadcast targets and of the areas below them. */
    private List<ZoneId> zonesOf(Broadcast broadcast) {
        Set<ZoneId> zones = new LinkedHashSet<>();
        for (TargetArea target : broadcast.targetAreas()) {
            subtree(target.areaPath()).forEach(a -> zones.add(a.zone()));
        }
        if (zones.isEmpty()) {
            zones.add(zoneOf(broadcast.areaId()));
        }
        return List.copyOf(zones);
    }

    private List<Area> subtree(String path) {
        return areas.visibleTo(new Caller(null, "system", Set.of(), null, path));
    }

    private ZoneId zoneOf(UUID areaId) {
        return areas.find(areaId).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }

    /**
     * Derives when the broadcast first airs and when its last occurrence is surely over (last start + length +
     * allowed delay, in the latest of its zones; an emergency may follow another, so an hour more), for
     * listing by period and for the expiry trigger. No end date: no end.
     */
    private void span(Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast scheduled) {
        Schedule schedule = scheduled.schedule();
        Duration tail = scheduled
                .occurrenceLength()
                .plus(scheduled.maxDelay())
                .plus(scheduled.priority() == Priority.EMERGENCY ? Duration.ofHours(1) : Duration.ZERO);
        if (schedule instanceof Once once) {
            broadcast.span(once.at().toInstant(), once.at().toInstant().plus(tail));
            return;
        }
        Recurring recurring = (Recurring) schedule;
        Instant first = null;
        Instant last = null;
        for (ZoneId zone : zonesOf(broadcast)) {
            Instant from = recurring.startDate().minusDays(1).atStartOfDay(zone).toInstant();
            Optional<Instant> start = recurring.nextOccurrence(zone, from);
            if (start.isPresent() && (first == null || start.get().isBefore(first))) {
                first = start.get();
            }
            if (recurring.endDate() != null) {
                LocalDate end = recurring.endDate();
                List<Instant> all = recurring.occurrences(
                        zone,
                        new Window(from, end.plusDays(2).atStartOfDay(zone).toInstant()));
                if (!all.isEmpty() && (last == null || all.get(all.size() - 1).isAfter(last))) {
                    last = all.get(all.size() - 1);
                }
            }
        }
        broadcast.span(first, recurring.endDate() == null || last == null ? null : last.plus(tail));
    }

    private List<Outcome.Occurrence> nextOccurrences(Broadcast broadcast, int count, List<ZoneId> zones) {
        Schedule schedule = broadcast.schedule().toSchedule(zoneOf(Programmes.firstTarget(broadcast)));
        List<Outcome.Occurrence> next = new ArrayList<>();
        Instant now = clock.instant();
        for (ZoneId zone : zones) {
            Instant from = now;
            for (int i = 0; i < count; i++) {
                Optional<Instant> at = schedule.nextOccurrence(zone, from);
                if (at.isEmpty()) {
                    break;
                }
                next.add(new Outcome.Occurrence(at.get().atZone(zone).toOffsetDateTime(), zone.getId()));
                from = at.get().plusNanos(1);
            }
        }
        next.sort(Comparator.comparing(Outcome.Occurrence::at));
        return next.size() > count * 2 ? next.subList(0, count * 2) : next;
    }

    private Outcome outcome(Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast proposed, boolean saved) {
        List<ZoneId> zones = zonesOf(broadcast);
        return new Outcome(
                broadcast,
                saved,
                nextOccurrences(broadcast, PREVIEWED_OCCURRENCES, zones),
                conflicts(broadcast, proposed));
    }

    /** Same-priority overlaps on the devices both reach, from now to the conflict horizon. */
    private List<Outcome.ConflictNote> conflicts(
            Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast proposed) {
        Instant now = clock.instant();
        Instant from = broadcast.startsAt() != null && broadcast.startsAt().isAfter(now) ? broadcast.startsAt() : now;
        Instant to = from.plus(CONFLICT_HORIZON);
        if (broadcast.endsAt() != null && broadcast.endsAt().isBefore(to)) {
            to = broadcast.endsAt();
        }
        if (!to.isAfter(from)) {
            return List.of();
        }
        List<String> paths =
                broadcast.targetAreas().stream().map(TargetArea::areaPath).toList();
        List<DeviceProfile> profiles = new ArrayList<>(devices.profilesUnder(paths, List.of()));
        Set<DeviceId> virtual = new LinkedHashSet<>();
        for (TargetArea target : broadcast.targetAreas()) {
            org.openloa.scheduler.reach.AreaId area =
                    new org.openloa.scheduler.reach.AreaId(target.areaId().toString());
            if (profiles.stream().noneMatch(d -> d.areas().contains(area))) {
                // No device there yet: judge the area itself, so the programme is right before devices arrive.
                DeviceId id = new DeviceId("area:" + target.areaId());
                Set<Tag> tags = new LinkedHashSet<>();
                broadcast.targetTags().forEach(t -> tags.add(new Tag(t)));
                profiles.add(new DeviceProfile(
                        id, zoneOf(target.areaId()), DeviceProfiles.areasOf(target.areaPath()), tags));
                virtual.add(id);
            }
        }
        Programmes.Live live = programmes.live();
        List<Conflict> found =
                ConflictFinder.find(proposed, live.with(broadcast.key(), null), profiles, new Window(from, to));
        ZoneId zone = zoneOf(Programmes.firstTarget(broadcast));
        List<Outcome.ConflictNote> notes = new ArrayList<>();
        for (Conflict c : found) {
            List<UUID> deviceIds = c.devices().stream()
                    .filter(d -> !virtual.contains(d))
                    .map(d -> UUID.fromString(d.value()))
                    .toList();
            notes.add(new Outcome.ConflictNote(
                    UUID.fromString(c.existing().value()),
                    live.title(c.existing().value()),
                    c.priority(),
                    c.proposedStart().atZone(zone).toOffsetDateTime(),
                    c.proposedEnd().atZone(zone).toOffsetDateTime(),
                    c.existingStart().atZone(zone).toOffsetDateTime(),
                    c.existingEnd().atZone(zone).toOffsetDateTime(),
                    c.playsFirst().equals(c.proposed()),
                    deviceIds,
                    deviceIds.isEmpty()));
        }
        return notes;
    }

    private static String defaultTitle(Broadcast broadcast) {
        if (broadcast.contentKind() == ContentKind.STREAM) {
            return URI.create(broadcast.streamUrl()).getHost();
        }
        List<BroadcastItem> items = broadcast.items();
        if (items.isEmpty()) {
            return "—";
        }
        String first = items.get(0).title();
        return items.size() == 1 ? first : first + " (+" + (items.size() - 1) + ")";
    }

    private static String describe(Broadcast broadcast) {
        return broadcast.title() + " [" + broadcast.priority() + ", " + broadcast.state() + "]";
    }

    private void end(Broadcast broadcast, String action, String detail) {
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        broadcast.changeState(BroadcastState.ENDED);
        broadcast.touch(clock.instant());
        broadcasts.save(broadcast);
        audit.record(action, "broadcast", broadcast.key(), broadcast.areaPath(), detail);
        events.publishEvent(new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
    }
}
