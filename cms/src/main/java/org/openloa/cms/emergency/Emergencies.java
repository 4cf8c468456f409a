package org.openloa.cms.emergency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.ListPage;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.Urgency;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemException.FieldProblem;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergencies within the caller's areas: raise one (it airs now and repeats until its end), stop it, replace
 * what it says, and see where every targeted device stands.
 *
 * <p>Who: an OPERATOR or ADMIN reaching every area it airs in; there is no approval queue on this path, and
 * every step is in the audit log with who, when, what and where. Reading: anyone reaching an area it airs in
 * (the board shows only the devices they reach).
 */
@Service
public class Emergencies {

    /** The repeat when an end is given without one: the disaster-warning rules' two hours. */
    public static final Duration DEFAULT_REPEAT = Duration.ofHours(2);

    static final Duration MIN_REPEAT = Duration.ofMinutes(5);
    static final int MAX_TITLE = 300;
    static final int MAX_TEXT = 5_000;
    static final int MAX_CONTENTS = 10;

    /** The bulletin category the emergency path files its bulletins under. */
    static final String CATEGORY = "phong-chong-thien-tai";

    private final EmergencyRows rows;
    private final OnAir onAir;
    private final Boards boards;
    private final AreaService areas;
    private final BulletinService bulletins;
    private final BroadcastService broadcasts;
    private final AudioService audio;
    private final DeviceService devices;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    Emergencies(
            EmergencyRows rows,
            OnAir onAir,
            Boards boards,
            AreaService areas,
            BulletinService bulletins,
            BroadcastService broadcasts,
            AudioService audio,
            DeviceService devices,
            AuditLog audit,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.rows = rows;
        this.onAir = onAir;
        this.boards = boards;
        this.areas = areas;
        this.bulletins = bulletins;
        this.broadcasts = broadcasts;
        this.audio = audio;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- changing

    /**
     * Raises an emergency. Checks everything before anything is stored; answers at once: ON_AIR when every content
     * already has audio (an approved bulletin), else PREPARING until its audio is made (seconds), then ON_AIR.
     */
    @Transactional
    public Emergency raise(Caller caller, EmergencyOrder order) {
        try {
            if (!caller.mayOperate()) {
                throw ProblemException.forbidden();
            }
            String title = title(order.title());
            Priority priority = priority(order);
            List<Area> targets = targets(caller, order.areaIds(), order.deviceIds());
            Instant now = clock.instant();
            Instant issuedAt = order.issuedAt() == null ? now : order.issuedAt().toInstant();
            Instant endsAt = order.endsAt() == null ? null : order.endsAt().toInstant();
            Duration repeat = repeat(now, endsAt, order.repeatEvery());
            checkContents(caller, order.contents());
            List<Area> anchors = new ArrayList<>(targets);
            anchors.addAll(deviceAreas(caller, order.deviceIds()));
            Area owner = owner(anchors);
            Emergency raised = new Emergency(
                    title,
                    order.source() == null ? EmergencySource.OPERATOR : order.source(),
                    priority,
                    new Emergency.Target(owner.id(), owner.path()),
                    targets.stream()
                            .map(a -> new Emergency.Target(a.id(), a.path()))
                            .toList(),
                    order.deviceIds() == null ? Set.of() : order.deviceIds(),
                    issuedAt,
                    endsAt,
                    repeat,
                    caller,
                    now);
            raised.prepare(contents(caller, raised, owner, order.contents()), caller.username(), now);
            // The managed row from here on: saving a new row with its id assigned merges it into a copy.
            Emergency emergency = rows.save(raised);
            audit.record(
                    "EMERGENCY_RAISED",
                    "emergency",
                    emergency.id().toString(),
                    emergency.areaPath(),
                    describe(emergency, targets));
            onAir.airIfReady(emergency, caller);
            return emergency;
        } finally {
            deleteRecordings(order.contents());
        }
    }

    /**
     * What {@link #raise} checks but the contents, for a recording that streams in with the order: refused before
     * its first byte is read rather than after its upload.
     */
    @Transactional(readOnly = true)
    public void checkOrder(Caller caller, EmergencyOrder order) {
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
        title(order.title());
        priority(order);
        targets(caller, order.areaIds(), order.deviceIds());
        repeat(clock.instant(), order.endsAt() == null ? null : order.endsAt().toInstant(), order.repeatEvery());
    }

    /** What {@link #replaceContent} checks but the contents, for a recording that streams in. */
    @Transactional(readOnly = true)
    public void checkReplace(Caller caller, UUID id) {
        Emergency emergency = operable(caller, id);
        if (!emergency.state().active()) {
            throw ProblemException.conflict(
                    "emergency-not-active",
                    "emergency.not-active",
                    emergency.state().name());
        }
    }

    /** Takes it off air everywhere at once, with the reason the boxes log. */
    @Transactional
    public Emergency stop(Caller caller, UUID id, String reason) {
        Emergency emergency = operable(caller, id);
        String why = Text.note(reason, "reason", Emergency.MAX_REASON);
        if (why == null || why.isBlank()) {
            throw invalid("reason", "emergency.reason-required");
        }
        why = why.strip();
        emergency.stop(caller.username(), why, clock.instant());
        for (UUID broadcastId : emergency.broadcastIds()) {
            broadcasts.takeOffAir(caller, broadcastId, why);
        }
        onAir.archiveMadeHere(emergency.contents(), caller.username());
        rows.save(emergency);
        events.publishEvent(new EmergencyLeftAir(emergency.id(), EmergencyState.STOPPED, why, clock.instant()));
        audit.record(
                "EMERGENCY_STOPPED",
                "emergency",
                emergency.id().toString(),
                emergency.areaPath(),
                emergency.title() + " · " + why);
        return emergency;
    }

    /**
     * Replaces what it says. The new contents air everywhere as soon as their audio is ready (at once for an
     * approved bulletin): from now and every repeat until the end, while the old ones are taken off air.
     */
    @Transactional
    public Emergency replaceContent(Caller caller, UUID id, List<EmergencyContent> contents) {
        try {
            checkReplace(caller, id);
            Emergency emergency = operable(caller, id);
            checkContents(caller, contents);
            Area owner = areas.find(emergency.areaId()).orElseThrow(() -> ProblemException.notFound("area"));
            emergency.prepare(contents(caller, emergency, owner, contents), caller.username(), clock.instant());
            rows.save(emergency);
            audit.record(
                    "EMERGENCY_UPDATED",
                    "emergency",
                    emergency.id().toString(),
                    emergency.areaPath(),
                    emergency.title() + " · " + kinds(emergency.pendingContents()));
            onAir.airIfReady(emergency, caller);
            return emergency;
        } finally {
            deleteRecordings(contents);
        }
    }

    // ---------------------------------------------------------------- reading

    /** One emergency the caller sees, brought up to date first (on air, failed, ended). */
    public Emergency get(Caller caller, UUID id) {
        onAir.settle(id);
        return visible(caller, id);
    }

    /** The emergencies the caller sees: active ones first, then the newest. */
    public Page<Emergency> list(Caller caller, int page, int size) {
        for (UUID id : rows.findIdsByState(List.of(EmergencyState.PREPARING, EmergencyState.ON_AIR))) {
            onAir.settle(id);
        }
        List<Emergency> all = new ArrayList<>(rows.findVisible(caller.scopePath()));
        all.sort(Comparator.comparing((Emergency e) -> e.state().active() ? 0 : 1)
                .thenComparing(Emergency::raisedAt, Comparator.reverseOrder()));
        return new ListPage(page, size).of(all);
    }

    /** Where every targeted device the caller reaches stands with it. */
    @Transactional(readOnly = true)
    public Board board(Caller caller, UUID id) {
        return boards.of(caller, visible(caller, id));
    }

    /** Whether the caller may stop or correct it (what the page offers). */
    public static boolean operable(Caller caller, Emergency emergency) {
        return emergency.operableBy(caller) && emergency.state().active();
    }

    /** The TTS voices the server has, the Vietnamese default first; empty without TTS. */
    public List<String> voices() {
        return audio.speechAvailable() ? audio.voices() : List.of();
    }

    // ---------------------------------------------------------------- checks

    private Emergency visible(Caller caller, UUID id) {
        return rows.findById(id)
                .filter(e -> e.visibleTo(caller))
                .orElseThrow(() -> ProblemException.notFound("emergency"));
    }

    private Emergency operable(Caller caller, UUID id) {
        Emergency emergency = visible(caller, id);
        if (!emergency.operableBy(caller)) {
            throw ProblemException.forbidden();
        }
        return emergency;
    }

    private static String title(String given) {
        String title = Text.clean(given, "title");
        if (title == null || title.isBlank()) {
            throw invalid("title", "emergency.title-required");
        }
        if (title.length() > MAX_TITLE) {
            throw ProblemException.rule("title-too-long", "title", "emergency.title-too-long", MAX_TITLE);
        }
        return title;
    }

    private static Priority priority(EmergencyOrder order) {
        Priority priority = order.priority() == null ? Priority.EMERGENCY : order.priority();
        boolean allowed = priority == Priority.EMERGENCY
                || (priority == Priority.PRIORITY && order.source() == EmergencySource.CAP);
        if (!allowed) {
            throw ProblemException.rule("invalid-priority", "priority", "emergency.invalid-priority");
        }
        return priority;
    }

    /** The target areas, each within the caller's reach and operated by them; at least one area or device. */
    private List<Area> targets(Caller caller, List<UUID> areaIds, Set<UUID> deviceIds) {
        boolean noAreas = areaIds == null || areaIds.isEmpty();
        boolean noDevices = deviceIds == null || deviceIds.isEmpty();
        if (noAreas && noDevices) {
            throw ProblemException.rule("targets-required", "areaIds", "emergency.targets-required");
        }
        Map<UUID, Area> found = new LinkedHashMap<>();
        if (noAreas) {
            return List.of();
        }
        for (int i = 0; i < areaIds.size(); i++) {
            UUID id = areaIds.get(i);
            if (id == null) {
                throw invalid("areaIds[" + i + "]", "emergency.area-required");
            }
            Area area = areas.get(caller, id);
            if (!caller.mayOperate(area.path())) {
                throw ProblemException.forbidden();
            }
            if (area.retired()) {
                throw ProblemException.rule(
                        "area-retired", "areaIds[" + i + "]", "scheduling.broadcast.target-retired", area.name());
            }
            found.putIfAbsent(area.id(), area);
        }
        return List.copyOf(found.values());
    }

    /**
     * The areas the devices targeted one by one sit in, each device within the caller's reach (404 outside it)
     * and operated by them: with the target areas, they decide the broadcasts' owner.
     */
    private List<Area> deviceAreas(Caller caller, Set<UUID> deviceIds) {
        List<Area> found = new ArrayList<>();
        if (deviceIds == null) {
            return found;
        }
        for (UUID id : deviceIds) {
            if (id == null) {
                throw invalid("deviceIds", "emergency.area-required");
            }
            org.openloa.cms.device.Device device = devices.get(caller, id);
            if (!caller.mayOperate(device.areaPath())) {
                throw ProblemException.forbidden();
            }
            areas.find(device.areaId()).ifPresent(found::add);
        }
        return found;
    }

    /** The deepest area holding every target: the broadcasts' owner, so that all who reach the targets reach it. */
    private Area owner(List<Area> targets) {
        Area owner = targets.get(0);
        while (!holdsAll(owner, targets)) {
            UUID parent = owner.parentId();
            if (parent == null) {
                break;
            }
            owner = areas.find(parent).orElseThrow(() -> ProblemException.notFound("area"));
        }
        return owner;
    }

    private static boolean holdsAll(Area owner, List<Area> targets) {
        return targets.stream().allMatch(t -> t.path().startsWith(owner.path()));
    }

    private Duration repeat(Instant now, Instant endsAt, Duration given) {
        if (endsAt == null) {
            return null;
        }
        if (!endsAt.isAfter(now)) {
            throw ProblemException.rule("ends-in-past", "endsAt", "emergency.ends-in-past");
        }
        Duration repeat = given == null ? DEFAULT_REPEAT : given;
        if (repeat.compareTo(MIN_REPEAT) < 0) {
            throw ProblemException.rule(
                    "repeat-too-often", "repeatEveryMinutes", "emergency.repeat-too-often", MIN_REPEAT.toMinutes());
        }
        long airings = 1 + (Duration.between(now, endsAt).toSeconds() - 1) / repeat.toSeconds();
        if (airings > OnAir.MAX_AIRINGS) {
            throw ProblemException.rule(
                    "too-many-airings", "endsAt", "emergency.too-many-airings", OnAir.MAX_AIRINGS, airings);
        }
        return repeat;
    }

    /** Every content is usable before anything is stored: text to speak, a file, an approved bulletin with audio. */
    private void checkContents(Caller caller, List<EmergencyContent> contents) {
        if (contents == null || contents.isEmpty()) {
            throw invalid("text", "emergency.content-required");
        }
        if (contents.size() > MAX_CONTENTS) {
            throw ProblemException.rule("too-many-contents", "contents", "emergency.too-many-contents", MAX_CONTENTS);
        }
        for (EmergencyContent content : contents) {
            if (content instanceof EmergencyContent.Speech speech) {
                String text = Text.note(speech.text(), "text", MAX_TEXT);
                if (text == null || text.isBlank()) {
                    throw invalid("text", "emergency.content-required");
                }
                if (!audio.speechAvailable()) {
                    throw new ProblemException(RefusalKind.UNAVAILABLE, "tts-unavailable", "media.tts-unavailable");
                }
                if (speech.voice() != null
                        && !speech.voice().isBlank()
                        && !audio.voices().contains(speech.voice())) {
                    throw ProblemException.rule("unknown-voice", "voice", "media.unknown-voice", speech.voice());
                }
            } else if (content instanceof EmergencyContent.Recording recording) {
                if (recording.file() == null || !Files.isRegularFile(recording.file())) {
                    throw invalid("file", "emergency.content-required");
                }
            } else if (content instanceof EmergencyContent.Streamed streamed) {
                if (streamed.audio() == null) {
                    throw invalid("file", "emergency.content-required");
                }
            } else if (content instanceof EmergencyContent.Approved approved) {
                if (approved.bulletinId() == null) {
                    throw invalid("bulletinId", "emergency.content-required");
                }
                Bulletin bulletin = bulletins.get(caller, approved.bulletinId());
                if (bulletin.status() != BulletinStatus.APPROVED) {
                    throw ProblemException.rule(
                            "bulletin-not-approved", "bulletinId", "emergency.bulletin-not-approved", bulletin.title());
                }
                if (bulletin.audioAssetId() == null) {
                    throw ProblemException.rule(
                            "bulletin-has-no-audio",
                            "bulletinId",
                            "scheduling.broadcast.bulletin-no-audio",
                            bulletin.title());
                }
            } else {
                throw invalid("text", "emergency.content-required");
            }
        }
    }

    /** Makes each content a bulletin of the owner area: spoken or ingested in the background, or picked as it is. */
    private List<Emergency.Content> contents(
            Caller caller, Emergency emergency, Area owner, List<EmergencyContent> contents) {
        List<Emergency.Content> made = new ArrayList<>();
        for (EmergencyContent content : contents) {
            if (content instanceof EmergencyContent.Speech speech) {
                String spoken = IssueTime.spoken(
                        Text.note(speech.text(), "text", MAX_TEXT), speech.voice(), emergency.issuedAt(), zone(owner));
                Bulletin bulletin = bulletins.createForEmergency(caller, owner.id(), bulletin(emergency, spoken));
                audio.startSpeech(
                        bulletin.id(),
                        bulletin.areaPath(),
                        caller.username(),
                        spoken,
                        speech.voice(),
                        null,
                        Urgency.EMERGENCY);
                made.add(new Emergency.Content(0, Emergency.Content.Kind.SPEECH, bulletin.id(), speech.voice()));
            } else if (content instanceof EmergencyContent.Recording recording) {
                Bulletin bulletin = bulletins.createForEmergency(caller, owner.id(), bulletin(emergency, null));
                try {
                    audio.startUpload(
                            bulletin.id(),
                            bulletin.areaPath(),
                            caller.username(),
                            recording.file(),
                            recording.filename(),
                            Urgency.EMERGENCY);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                made.add(new Emergency.Content(0, Emergency.Content.Kind.RECORDING, bulletin.id(), null));
            } else if (content instanceof EmergencyContent.Streamed streamed) {
                // Already processed: the bulletin has its audio in this transaction, and the emergency airs at once.
                Bulletin bulletin = bulletins.createForEmergency(caller, owner.id(), bulletin(emergency, null));
                audio.attach(
                        bulletin.id(), bulletin.areaPath(), caller.username(), Urgency.EMERGENCY, streamed.audio());
                made.add(new Emergency.Content(0, Emergency.Content.Kind.RECORDING, bulletin.id(), null));
            } else if (content instanceof EmergencyContent.Approved approved) {
                made.add(new Emergency.Content(0, Emergency.Content.Kind.BULLETIN, approved.bulletinId(), null));
            }
        }
        return made;
    }

    private static BulletinContent bulletin(Emergency emergency, String body) {
        return new BulletinContent(emergency.title(), CATEGORY, body, emergency.priority(), null, null);
    }

    private static ZoneId zone(Area area) {
        return area.zone() == null ? Area.DEFAULT_ZONE : area.zone();
    }

    private static void deleteRecordings(List<EmergencyContent> contents) {
        if (contents == null) {
            return;
        }
        for (EmergencyContent content : contents) {
            if (content instanceof EmergencyContent.Recording recording && recording.file() != null) {
                try {
                    Files.deleteIfExists(recording.file());
                } catch (IOException ignored) {
                    // a temporary file: the system's cleaner takes it
                }
            }
        }
    }

    private static String describe(Emergency emergency, List<Area> targets) {
        return emergency.title() + " · " + emergency.priority() + " · "
                + targets.stream().map(Area::name).collect(Collectors.joining(", ")) + " · "
                + kinds(emergency.pendingContents());
    }

    private static String kinds(List<Emergency.Content> contents) {
        Set<String> kinds = new LinkedHashSet<>();
        contents.forEach(c -> kinds.add(c.kind().name()));
        return String.join("+", kinds);
    }

    private static ProblemException invalid(String field, String key) {
        return new ProblemException(
                RefusalKind.INVALID, "invalid-input", List.of(new FieldProblem(field, key, new Object[0])), key);
    }
}
