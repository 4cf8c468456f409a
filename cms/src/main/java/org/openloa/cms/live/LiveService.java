package org.openloa.cms.live;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.ScheduleSpec;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinAudioAttached;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.edge.live.LiveStreams;
import org.openloa.cms.edge.progress.ItemProgress;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.broadcast.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Live sessions (docs/live.md). A session is started by an OPERATOR or ADMIN of every area it airs in, and gets
 * its own source credentials. When its source connects and sound comes in, a stream broadcast of the session's
 * priority is created from that moment for the areas, whose URL is the session's listen URL: the ordinary plan,
 * manifest and MQTT wake take it to the boxes, which get it as a LIVE item ({@link LiveStreams}). Ending it (a
 * person, {@code silence} without sound, or {@code maxLength}) takes that broadcast off air, so it leaves the
 * manifests as withdrawn, and files what came in as a bulletin, through the audio pipeline, approved by nature
 * and archived: it already went out.
 */
@Service
public class LiveService implements LiveStreams {

    private static final Logger log = LoggerFactory.getLogger(LiveService.class);

    /** The mount of a session: the same name on Icecast and on the embedded mount. */
    private static final Pattern LIVE_URL = Pattern.compile(
            "^https?://[^/]+(/.*)?/(live-|live/listen/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /** The category a session's recording is filed under: the People's Committee's notices. */
    static final String CATEGORY = "thong-bao-ubnd";

    static final String ENDED_BY_PERSON = "ended by operator";
    static final String ENDED_BY_SILENCE = "no audio";
    static final String ENDED_AT_CEILING = "longest session reached";

    private final LiveSessions sessions;
    private final AreaService areas;
    private final BroadcastService broadcasts;
    private final BulletinService bulletins;
    private final AudioService audio;
    private final AuditLog audit;
    private final ItemProgress progress;
    private final StreamProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Path recordings;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Mount> mounts = new ConcurrentHashMap<>();

    private final String ffmpeg;

    LiveService(
            LiveSessions sessions,
            AreaService areas,
            BroadcastService broadcasts,
            BulletinService bulletins,
            AudioService audio,
            AuditLog audit,
            ItemProgress progress,
            StreamProperties properties,
            PlatformTransactionManager transactions,
            Clock clock,
            @Value("${openloa.data-dir:./data}") Path dataDir,
            @Value("${openloa.media.ffmpeg-path:}") String ffmpegPath) {
        this.ffmpeg = ffmpegPath == null || ffmpegPath.isBlank() ? "ffmpeg" : ffmpegPath;
        this.sessions = sessions;
        this.areas = areas;
        this.broadcasts = broadcasts;
        this.bulletins = bulletins;
        this.audio = audio;
        this.audit = audit;
        this.progress = progress;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.recordings = dataDir.resolve("live").toAbsolutePath().normalize();
    }

    /** What starting a session answers: the session, and its source credentials (shown once, never stored). */
    public record Started(
            @Schema(description = "the session's id") UUID id,

            @Schema(description = "WAITING until its source sends")
            LiveState state,

            @Schema(description = "where the boxes listen") String listenUrl,

            @Schema(description = "where and with which credentials an encoder sends (Icecast source protocol)")
            Ingest ingest,

            @Schema(description = "the whole session as GET /api/v1/live/{id} shows it")
            View session) {

        Started(View session, Ingest ingest) {
            this(session.id(), session.state(), session.listenUrl(), ingest, session);
        }
    }

    /** Where and how a source pushes (the Icecast source protocol: HTTP PUT, Basic auth). */
    public record Ingest(
            @Schema(description = "the URL an encoder PUTs its audio to (audio/mpeg or audio/ogg)")
            String url,

            @Schema(description = "the Basic auth user name of this session's source")
            String username,

            @Schema(description = "this session's own source password, shown once; only its hash is kept")
            String password) {}

    /** A session as shown: its row and how many boxes play it now. */
    public record View(
            @Schema(description = "the session's id") UUID id,

            @Schema(description = "what it is, as the archive will name its recording")
            String title,

            @Schema(description = "PRIORITY (joins at the next gap) or EMERGENCY (cuts in at once)")
            Priority priority,

            @Schema(description = "WAITING for its source, ON_AIR, or ENDED")
            LiveState state,

            @Schema(description = "the areas it airs in") List<UUID> areaIds,

            @Schema(description = "where the boxes listen (the embedded mount or Icecast's)")
            String listenUrl,

            @Schema(description = "the stream broadcast that carries it to the boxes, once on air")
            UUID broadcastId,

            @Schema(description = "the archived bulletin made from its recording, once ended")
            UUID bulletinId,

            @Schema(description = "who started it") String createdBy,
            @Schema(description = "when it was started") Instant createdAt,

            @Schema(description = "when its first audio arrived")
            Instant onAirAt,

            @Schema(description = "when it ended") Instant endedAt,

            @Schema(description = "why it ended: the operator, no audio, or its maximum length")
            String endReason,

            @Schema(description = "audio bytes received from its source")
            long bytesIn,

            @Schema(description = "how many boxes have reported playing it")
            int joinedDevices,

            @Schema(description = "the ids of the boxes that have reported playing it")
            List<UUID> joined) {}

    // ------------------------------------------------------------------ starting, reading, ending

    /**
     * Starts a session for the areas (default: the caller's own), each of which the caller must operate in.
     *
     * @param base where cms was reached, for the ingest (and embedded listen) URL when no public URL is set
     */
    public Started start(Caller caller, List<UUID> areaIds, String priorityName, String rawTitle, URI base) {
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
        Priority priority = priority(priorityName);
        String title = Text.clean(rawTitle, "title");
        if (title != null && title.strip().length() > 300) {
            throw ProblemException.rule("invalid-title", "title", "live.invalid-title");
        }
        if (areaIds != null && areaIds.stream().anyMatch(java.util.Objects::isNull)) {
            // [null] is no area: refused before List.copyOf, which takes no nulls.
            throw ProblemException.rule("areas-required", "areaIds", "live.areas-required");
        }
        List<UUID> wanted = areaIds == null || areaIds.isEmpty()
                ? (caller.areaId() == null ? List.of() : List.of(caller.areaId()))
                : List.copyOf(new LinkedHashSet<>(areaIds));
        if (wanted.isEmpty()) {
            throw ProblemException.rule("areas-required", "areaIds", "live.areas-required");
        }
        if (wanted.size() > 200) {
            throw ProblemException.rule("too-many-areas", "areaIds", "live.too-many-areas");
        }
        List<LiveSession.Target> targets = new ArrayList<>();
        for (UUID id : wanted) {
            Area area = areas.get(caller, id);
            if (!caller.mayOperate(area.path())) {
                throw ProblemException.forbidden();
            }
            targets.add(new LiveSession.Target(area.id(), area.path()));
        }
        Instant now = clock.instant();
        if (title == null || title.isBlank()) {
            ZoneId zone = areas.find(targets.get(0).areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
            title = "Phát trực tiếp "
                    + DateTimeFormatter.ofPattern("dd/MM HH:mm").format(now.atZone(zone));
        }
        UUID id = UUID.randomUUID();
        String username = "live-" + id.toString().substring(0, 8);
        String password = secret();
        URI cms = properties.publicUrl() != null ? properties.publicUrl() : base;
        String listenUrl =
                properties.icecast() ? join(properties.icecastListen(), mountName(id)) : join(cms, "live/listen/" + id);
        LiveSession session = new LiveSession(
                id,
                targets.get(0).areaId(),
                targets.get(0).areaPath(),
                targets,
                title.strip(),
                priority,
                LiveState.WAITING,
                username,
                hash(password),
                listenUrl,
                null,
                null,
                caller.username(),
                caller.userId(),
                caller.areaId(),
                caller.scopePath(),
                now,
                null,
                null,
                null,
                0);
        String finalTitle = title.strip();
        tx.executeWithoutResult(s -> {
            sessions.insert(session);
            audit.record(
                    "LIVE_CREATED",
                    "live",
                    id.toString(),
                    session.areaPath(),
                    finalTitle + " · " + priority + " · " + targets.size() + " area(s)");
        });
        return new Started(view(session), new Ingest(join(cms, "live/ingest/" + id), username, password));
    }

    public View get(Caller caller, UUID id) {
        return view(visible(caller, id));
    }

    /** The latest sessions the caller sees, newest first. */
    public List<View> latest(Caller caller, int count) {
        return sessions.latest(200).stream()
                .filter(s -> s.visibleTo(caller))
                .limit(count)
                .map(this::view)
                .toList();
    }

    /** Ends it now: off the boxes' manifests, its recording on its way to the archive. */
    public View end(Caller caller, UUID id) {
        LiveSession session = visible(caller, id);
        if (!session.operableBy(caller)) {
            throw ProblemException.forbidden();
        }
        finish(session, ENDED_BY_PERSON);
        return view(sessions.find(id).orElseThrow());
    }

    private LiveSession visible(Caller caller, UUID id) {
        return sessions.find(id).filter(s -> s.visibleTo(caller)).orElseThrow(() -> ProblemException.notFound("live"));
    }

    private View view(LiveSession s) {
        List<UUID> joined = new ArrayList<>();
        if (s.broadcastId() != null && s.state() == LiveState.ON_AIR) {
            for (ItemProgress.DeviceProgress p : progress.of(List.of(s.broadcastId()))) {
                if (p.last().step() == ItemProgress.Step.STARTED) {
                    joined.add(p.deviceId());
                }
            }
        }
        return new View(
                s.id(),
                s.title(),
                s.priority(),
                s.state(),
                s.targets().stream().map(LiveSession.Target::areaId).toList(),
                s.listenUrl(),
                s.broadcastId(),
                s.bulletinId(),
                s.createdBy(),
                s.createdAt(),
                s.onAirAt(),
                s.endedAt(),
                s.endReason(),
                s.state() == LiveState.ENDED
                        ? s.bytesIn()
                        : Optional.ofNullable(mounts.get(s.id()))
                                .map(Mount::bytes)
                                .orElse(s.bytesIn()),
                joined.size(),
                List.copyOf(joined));
    }

    // ------------------------------------------------------------------ the source

    /** Why a source was turned away. */
    enum Refusal {
        UNAUTHORIZED,
        NOT_FOUND,
        ENDED,
        BUSY,
        UNSUPPORTED
    }

    static final class Refused extends Exception {
        final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * Takes a source's sound until it stops sending, the session ends, or it is silent too long. The session goes
     * on air with the first bytes. Runs on the request's thread for the session's whole length.
     *
     * @return true when the source stopped sending; false when the session ended under it (cut off)
     */
    boolean ingest(UUID id, String authorization, String contentType, InputStream body) throws Refused, IOException {
        LiveSession session = sessions.find(id).orElseThrow(() -> new Refused(Refusal.NOT_FOUND));
        if (!authorized(session, authorization)) {
            throw new Refused(Refusal.UNAUTHORIZED);
        }
        if (session.state() == LiveState.ENDED) {
            throw new Refused(Refusal.ENDED);
        }
        String type = mediaType(contentType);
        if (type == null) {
            throw new Refused(Refusal.UNSUPPORTED);
        }
        return feed(id, type, body);
    }

    /**
     * The browser's path ({@link LiveSocket}): a signed-in OPERATOR or ADMIN of every area of the session feeds it,
     * after cms transcoded the microphone to MP3; no source credentials needed.
     */
    boolean feedAs(Caller caller, UUID id, InputStream mp3) throws Refused, IOException {
        LiveSession session =
                sessions.find(id).filter(s -> s.visibleTo(caller)).orElseThrow(() -> new Refused(Refusal.NOT_FOUND));
        if (!session.operableBy(caller)) {
            throw new Refused(Refusal.UNAUTHORIZED);
        }
        if (session.state() == LiveState.ENDED) {
            throw new Refused(Refusal.ENDED);
        }
        return feed(id, "audio/mpeg", mp3);
    }

    private boolean feed(UUID id, String type, InputStream body) throws Refused, IOException {
        Path file = recordings.resolve(id + (type.equals("audio/ogg") ? ".ogg" : ".mp3"));
        // Digital silence is no sound either (LevelMeter); a level of -100 dBFS or lower turns that watch off.
        LevelMeter meter = properties.silenceDb() > -100
                ? LevelMeter.start(ffmpeg, type, clock, properties.silenceDb(), id.toString())
                : null;
        Mount mount = new Mount(id, type, file, clock, properties.burstBytes(), properties.maxListeners(), meter);
        if (mounts.putIfAbsent(id, mount) != null) {
            mount.close();
            throw new Refused(Refusal.BUSY);
        }
        try {
            if (properties.icecast()) {
                mount.forwardTo(
                        properties.icecastUrl(),
                        mountName(id),
                        properties.icecastUsername(),
                        properties.icecastPassword());
            }
            byte[] buffer = new byte[4096];
            boolean aired = false;
            boolean stopped = false;
            int n;
            while (!mount.closed()) {
                if ((n = body.read(buffer)) == -1) {
                    stopped = true;
                    break;
                }
                mount.accept(buffer, n);
                if (!aired && n > 0) {
                    aired = true;
                    goOnAir(id);
                }
            }
            return stopped;
        } finally {
            // The source went away (or was cut off). The session ends only by a person, the silence watch or its
            // ceiling, so an encoder that reconnects within the silence keeps it on air.
            mounts.remove(id, mount);
            mount.close();
            sessions.heard(id, mount.lastSound(), mount.bytes());
            if (sessions.find(id).map(s -> s.state() == LiveState.ENDED).orElse(false)) {
                fileRecording(id);
            }
        }
    }

    /** Serves one box on the embedded mount; false when no source is connected here or it is full. */
    boolean listen(UUID id, OutputStream out) throws IOException {
        Mount mount = mounts.get(id);
        return mount != null && mount.listen(out);
    }

    Optional<String> listenType(UUID id) {
        return Optional.ofNullable(mounts.get(id)).map(Mount::contentType);
    }

    private void goOnAir(UUID id) {
        LiveSession session = sessions.find(id).orElseThrow();
        if (session.state() != LiveState.WAITING) {
            return; // back after a reconnect: still on air
        }
        Instant now = clock.instant();
        ZoneId zone = areas.find(session.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
        Caller actor = session.actor();
        try {
            ActingAs.run(actor, () -> {
                tx.executeWithoutResult(s -> {
                    BroadcastDraft draft = new BroadcastDraft(
                            session.areaId(),
                            session.title(),
                            null,
                            session.listenUrl(),
                            properties.maxLength(),
                            session.targets().stream()
                                    .map(LiveSession.Target::areaId)
                                    .toList(),
                            List.of(),
                            new ScheduleSpec(
                                    ScheduleSpec.ONCE,
                                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atZone(zone)),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null),
                            session.priority(),
                            null,
                            1,
                            null,
                            null);
                    UUID broadcast =
                            broadcasts.create(actor, draft, false).broadcast().id();
                    if (sessions.onAir(session.onAir(broadcast, now))) {
                        audit.record(
                                "LIVE_ON_AIR",
                                "live",
                                id.toString(),
                                session.areaPath(),
                                session.title() + " · broadcast " + broadcast);
                    } else {
                        s.setRollbackOnly();
                    }
                });
                return null;
            });
        } catch (ProblemException refused) {
            log.warn("Live session {} could not go on air: {}", id, refused.getMessage());
            finish(session, "refused: " + refused.code());
        }
    }

    // ------------------------------------------------------------------ ending

    /**
     * Every few seconds: the node holding a source notes when it was last heard (so any node can judge), and
     * sessions whose source has been silent too long, or that reached their ceiling, end.
     */
    void watch() {
        Instant now = clock.instant();
        for (UUID id : mounts.keySet()) {
            // Ended on another node (a person's DELETE reached it): cut this node's source off too.
            if (sessions.find(id).map(x -> x.state() == LiveState.ENDED).orElse(true)) {
                Optional.ofNullable(mounts.get(id)).ifPresent(Mount::close);
            }
        }
        for (LiveState state : List.of(LiveState.WAITING, LiveState.ON_AIR)) {
            for (LiveSession s : sessions.inState(state)) {
                Mount mount = mounts.get(s.id());
                Instant heard;
                if (mount != null) {
                    heard = mount.lastSound();
                    sessions.heard(s.id(), heard, mount.bytes());
                } else {
                    heard = sessions.heardAt(s.id()).orElse(s.onAirAt() != null ? s.onAirAt() : s.createdAt());
                }
                if (heard.plus(properties.silence()).isBefore(now)) {
                    finish(s, ENDED_BY_SILENCE);
                } else if (s.onAirAt() != null
                        && s.onAirAt().plus(properties.maxLength()).isBefore(now)) {
                    finish(s, ENDED_AT_CEILING);
                }
            }
        }
    }

    /** Ends a session once (whoever comes second finds it ended): off air, source cut off, recording filed. */
    private void finish(LiveSession session, String reason) {
        Mount mount = mounts.get(session.id());
        long bytes = mount != null ? mount.bytes() : session.bytesIn();
        Instant now = clock.instant();
        Boolean ended = ActingAs.run(
                session.actor(),
                () -> tx.execute(s -> {
                    if (!sessions.ended(session.ended(reason, bytes, now))) {
                        return false;
                    }
                    if (session.broadcastId() != null) {
                        try {
                            broadcasts.takeOffAir(session.actor(), session.broadcastId(), "live session " + reason);
                        } catch (ProblemException gone) {
                            log.info(
                                    "Live session {}: its broadcast was already off air ({})",
                                    session.id(),
                                    gone.code());
                        }
                    }
                    audit.record(
                            "LIVE_ENDED",
                            "live",
                            session.id().toString(),
                            session.areaPath(),
                            session.title() + " · " + reason + " · " + bytes + " bytes");
                    return true;
                }));
        if (!Boolean.TRUE.equals(ended)) {
            return;
        }
        if (mount != null) {
            mount.close(); // cuts the source off; the recording is complete once closed
        }
        fileRecording(session.id());
    }

    /**
     * Files what came in as a bulletin, once: called as a session ends, and by the ingest thread as it leaves an
     * ended session (whichever is last to hold the recording).
     */
    private synchronized void fileRecording(UUID id) {
        LiveSession session = sessions.find(id).orElse(null);
        if (session == null || session.bulletinId() != null) {
            return;
        }
        Path file = recording(id);
        try {
            if (file == null || Files.size(file) == 0) {
                log.info("Live session {} ended with no sound: no recording to keep", id);
                return;
            }
        } catch (IOException e) {
            return;
        }
        Caller actor = session.actor();
        try {
            ActingAs.run(actor, () -> {
                Bulletin bulletin = tx.execute(s -> {
                    Bulletin b = bulletins.createForEmergency(
                            Caller.system(),
                            session.areaId(),
                            new BulletinContent(session.title(), CATEGORY, null, session.priority(), null, null));
                    sessions.recorded(id, b.id());
                    return b;
                });
                try {
                    audio.startUpload(
                            bulletin.id(),
                            session.areaPath(),
                            session.createdBy(),
                            file,
                            "live-" + id + (file.toString().endsWith(".ogg") ? ".ogg" : ".mp3"));
                } catch (IOException e) {
                    log.warn("Live session {}: recording not filed: {}", id, e.getMessage());
                }
                return null;
            });
        } catch (ProblemException refused) {
            log.warn("Live session {}: recording not filed: {}", id, refused.getMessage());
        }
    }

    private Path recording(UUID id) {
        for (String ext : List.of(".mp3", ".ogg")) {
            Path file = recordings.resolve(id + ext);
            if (Files.exists(file)) {
                return file;
            }
        }
        return null;
    }

    /** A session's recording has its audio: approved by nature (it already went out) and kept, archived. */
    @TransactionalEventListener
    void recordingReady(BulletinAudioAttached event) {
        tx.executeWithoutResult(s -> sessions.ofBulletin(event.bulletinId()).ifPresent(id -> {
            LiveSession session = sessions.find(id).orElseThrow();
            bulletins.approveAsAired(event.bulletinId(), session.createdBy(), "live session " + id);
            bulletins.archiveForEmergency(event.bulletinId(), session.createdBy());
        }));
    }

    // ------------------------------------------------------------------ the edge

    @Override
    public boolean isLive(String streamUrl) {
        return LIVE_URL.matcher(streamUrl).matches();
    }

    // ------------------------------------------------------------------ small parts

    static String mountName(UUID id) {
        return "live-" + id;
    }

    private static String join(URI base, String path) {
        String b = base.toString();
        return (b.endsWith("/") ? b : b + "/") + path;
    }

    private static Priority priority(String name) {
        if (name == null || name.isBlank()) {
            return Priority.PRIORITY;
        }
        try {
            Priority p = Priority.valueOf(name.strip().toUpperCase(Locale.ROOT));
            if (p == Priority.PRIORITY || p == Priority.EMERGENCY) {
                return p;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw ProblemException.rule("invalid-priority", "priority", "live.invalid-priority");
    }

    /** audio/mpeg (MP3) or audio/ogg; null for anything else. Parameters are ignored. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "audio/mpeg", "audio/mp3" -> "audio/mpeg";
            case "audio/ogg", "application/ogg" -> "audio/ogg";
            default -> null;
        };
    }

    private String secret() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Basic auth with the session's own user and password, compared in constant time. */
    private static boolean authorized(LiveSession session, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(
                decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                session.sourceUsername().getBytes(StandardCharsets.UTF_8));
        boolean password = MessageDigest.isEqual(
                hash(decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8),
                session.sourceSecretHash().getBytes(StandardCharsets.UTF_8));
        return user & password;
    }

    Set<UUID> mountedHere() {
        return Set.copyOf(mounts.keySet());
    }
}
