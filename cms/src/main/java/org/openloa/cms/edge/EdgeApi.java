package org.openloa.cms.edge;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audio.web.AudioDownload;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.device.DeviceCommands;
import org.openloa.cms.device.Enrolments;
import org.openloa.cms.device.LiveStatus;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.PlayLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /edge/v1 (docs/edge-protocol.md), the ordinary path: a manifest poll gets here only when the hot path
 * ({@link ManifestFilter}) could not answer it from memory. The device is the caller; nothing here takes a
 * device id from the request.
 */
@RestController
@Tag(
        name = "Edge protocol",
        description = "What loudspeaker boxes call (/edge/v1): enrol, poll the manifest,"
                + " download media, report heartbeats and play logs. Bearer = the device credential from enrolment.")
class EdgeApi {

    private static final Logger log = LoggerFactory.getLogger(EdgeApi.class);
    /** The protocol's limit for one POST /edge/v1/playlogs (Xibo's SubmitStats does the same). */
    static final int MAX_PLAY_LOGS = 50;
    /** The protocol's limit for one POST /edge/v1/events. */
    static final int MAX_EVENTS = 50;
    /** A plan item id as the server makes them: broadcast id, '@', occurrence instant, optional '#part'. */
    static final Pattern ITEM_ID = Pattern.compile("[0-9a-fA-F-]{36}@[0-9TZ:.+-]{10,40}(#\\d{1,4})?");

    private final Enrolments enrolments;
    private final EnrolThrottle throttle;
    private final Manifests manifests;
    private final AudioLibrary audio;
    private final LiveStatus liveStatus;
    private final DeviceCommands commands;
    private final PlayLogs playLogs;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final PlannedItems planned;
    private final LongPolls longPolls;
    private final ItemEvents itemEvents;
    private final ManifestIndex index;

    EdgeApi(
            Enrolments enrolments,
            EnrolThrottle throttle,
            Manifests manifests,
            AudioLibrary audio,
            LiveStatus liveStatus,
            DeviceCommands commands,
            PlayLogs playLogs,
            JsonMapper json,
            AuditLog audit,
            Clock clock,
            PlannedItems planned,
            LongPolls longPolls,
            ItemEvents itemEvents,
            ManifestIndex index) {
        this.planned = planned;
        this.index = index;
        this.longPolls = longPolls;
        this.itemEvents = itemEvents;
        this.enrolments = enrolments;
        this.throttle = throttle;
        this.manifests = manifests;
        this.audio = audio;
        this.liveStatus = liveStatus;
        this.commands = commands;
        this.playLogs = playLogs;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping(path = EdgeConfiguration.ENROLL, produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirements
    @Operation(
            summary = "Trade a one-time enrolment code for the device's credential",
            description = "No Authorization: the code is the credential here. A code works once: 409 when it was used,"
                    + " 404 when unknown or expired; 400 for a malformed body; 429 (Retry-After) after too many failures"
                    + " from one address. The credential is shown once: keep it secret, never log it.")
    @ApiResponse(responseCode = "404", description = "the code is unknown or expired")
    @ApiResponse(responseCode = "409", description = "the code was used")
    @ApiResponse(
            responseCode = "429",
            description = "too many failures from this address; Retry-After says when to retry")
    EnrollResponse enrol(@RequestBody EnrollRequest body, HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        Instant blockedUntil = throttle.blockedUntil(address);
        if (blockedUntil != null) {
            response.setHeader(
                    "Retry-After",
                    String.valueOf(Math.max(
                            1, Duration.between(clock.instant(), blockedUntil).toSeconds())));
            throw new ProblemException(RefusalKind.THROTTLED, "enroll-throttled", "edge.enroll-throttled");
        }
        try {
            Enrolments.Enrolled enrolled =
                    enrolments.enrol(body.enrollmentCode(), body.hardwareId(), body.agentVersion());
            log.info("Device {} enrolled (agent {})", enrolled.deviceId(), body.agentVersion());
            return new EnrollResponse(enrolled.deviceId().toString(), enrolled.credential());
        } catch (ProblemException refused) {
            throttle.failed(address);
            audit.recordRefusal(null, "ENROLL_FAILED", null, refused.code(), address);
            throw refused;
        }
    }

    @GetMapping(path = EdgeConfiguration.MANIFEST, produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "The device's manifest: plan, media, settings, commands",
            description = "Send the ETag held as If-None-Match: 304 when nothing changed (answered from memory, no"
                    + " database). The ETag (strong) changes with the device's plan version (broadcasts, settings,"
                    + " commands, credential) and each hour, as the window [hour start - 15 min, hour end + 48 h) moves."
                    + " Long poll: with Prefer: wait=N (seconds, at most 60) an unchanged manifest is held up to N s"
                    + " and answered 200 the moment it changes, else 304 when the wait ends; every answer then"
                    + " carries Preference-Applied: wait=N.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the manifest, with ETag and Date headers",
                        content = @Content(schema = @Schema(implementation = Manifest.class))),
                @ApiResponse(responseCode = "304", description = "the manifest held is current"),
                @ApiResponse(responseCode = "401", description = "no, wrong or revoked credential")
            })
    ResponseEntity<byte[]> manifest(
            @AuthenticationPrincipal EdgeDevice device,
            @Parameter(description = "the ETag of the manifest held")
                    @RequestHeader(name = "If-None-Match", required = false)
                    String ifNoneMatch,
            @Parameter(description = "wait=N: hold the poll up to N seconds (at most 60) until the manifest changes")
                    @RequestHeader(name = "Prefer", required = false)
                    String prefer,
            HttpServletRequest request,
            HttpServletResponse response) {
        CachedManifest manifest = current(device);
        int wait = longPolls.waitOf(request);
        if (wait > 0) {
            response.setHeader(LongPolls.PREFERENCE_APPLIED, "wait=" + wait);
        }
        if (manifest.matches(ifNoneMatch)) {
            if (wait > 0) {
                // Held: answered later from another thread (LongPolls); nothing more is written here.
                longPolls.hold(request, response, manifest, ifNoneMatch, wait);
                return null;
            }
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(manifest.etag())
                    .header("Cache-Control", "private, no-cache")
                    .build();
        }
        Instant now = clock.instant();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(manifest.length(now));
        try {
            manifest.writeTo(body, now);
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return ResponseEntity.ok()
                .eTag(manifest.etag())
                .header("Cache-Control", "private, no-cache")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body.toByteArray());
    }

    @GetMapping("/edge/v1/media/{id}")
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "Download a media file of the device's current manifest (Range supported; HEAD too)",
            description = "206 with Content-Range for a Range request, 416 past the end; ETag is the SHA-256. Only"
                    + " media of this device's current manifest: anything else is 404.")
    @ApiResponse(
            responseCode = "200",
            description = "the media file; 206 with Content-Range for a Range request",
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    void media(
            @AuthenticationPrincipal EdgeDevice device,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response)
            throws java.io.IOException {
        CachedManifest manifest = current(device);
        MediaAsset asset = manifest.media().get(id);
        if (asset == null) {
            throw ProblemException.notFound("media");
        }
        AudioDownload.serve(audio, asset, request, response);
    }

    @PostMapping("/edge/v1/heartbeat")
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "Report the device's status; acknowledge commands (commandsDone)",
            description =
                    "204. A heartbeat older than the newest one stored changes no status (boxes send queued"
                            + " ones after an outage); re-sending one changes nothing. Commands in commandsDone leave the manifest.")
    @ApiResponse(responseCode = "204", description = "received")
    ResponseEntity<Void> heartbeat(@AuthenticationPrincipal EdgeDevice device, @RequestBody Heartbeat heartbeat) {
        String mediaErrors =
                heartbeat.mediaErrors().isEmpty() ? null : json.writeValueAsString(heartbeat.mediaErrors());
        boolean newest = liveStatus.report(
                device.deviceId(),
                new LiveStatus.Report(
                        heartbeat.at().toInstant(),
                        heartbeat.playingItemId(),
                        heartbeat.volume(),
                        heartbeat.freeBytes(),
                        heartbeat.agentVersion(),
                        heartbeat.uptimeS(),
                        heartbeat.cacheComplete(),
                        heartbeat.clockSkewMs(),
                        heartbeat.manifestVersion(),
                        mediaErrors));
        if (heartbeat.upgrade() != null) {
            Heartbeat.Upgrade upgrade = heartbeat.upgrade();
            liveStatus.reportUpgrade(
                    device.deviceId(),
                    upgrade.state().name(),
                    upgrade.version(),
                    upgrade.detail(),
                    upgrade.at().toInstant());
        }
        if (newest && mediaErrors != null) {
            log.warn("Device {} cannot get media: {}", device.deviceId(), mediaErrors);
        }
        if (!heartbeat.commandsDone().isEmpty()) {
            commands.acknowledge(device.deviceId(), heartbeat.commandsDone(), clock.instant());
        }
        return ResponseEntity.noContent().build();
    }

    @Schema(description = "What became of a batch of play logs")
    record PlayLogsStored(
            @Schema(description = "how many were stored now")
            int stored,

            @Schema(description = "how many had been stored before (same id) and were skipped")
            int duplicates) {}

    @PostMapping(path = "/edge/v1/playlogs", produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "Report proof of play: a JSON array of at most 50 play logs, stored once per id",
            description = "200 {stored, duplicates}: a batch sent twice is stored once. 413 over 50 entries; 400 when"
                    + " an entry is malformed, 422 when it breaks a rule (id not a UUID, itemId not a plan item id):"
                    + " then nothing of the batch is stored.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            array =
                                                    @ArraySchema(
                                                            schema = @Schema(implementation = PlayLog.class),
                                                            maxItems = MAX_PLAY_LOGS))))
    @ApiResponse(responseCode = "413", description = "more than 50 entries")
    @ApiResponse(
            responseCode = "422",
            description = "an entry breaks a rule (id not a UUID, itemId not a plan item id)")
    PlayLogsStored playLogs(@AuthenticationPrincipal EdgeDevice device, @RequestBody JsonNode body) {
        List<PlayLog> logs = batch(json, body, PlayLog.class, MAX_PLAY_LOGS, "play-log");
        for (int i = 0; i < logs.size(); i++) {
            check(logs.get(i), i);
            checkPlanned(device, logs.get(i), i);
        }
        PlayLogs.Stored stored = playLogs.store(device.deviceId(), logs);
        return new PlayLogsStored(stored.stored(), stored.duplicates());
    }

    @PostMapping("/edge/v1/events")
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "Report what the box did with items as it happens: a JSON array of at most 50 item events",
            description = "204 once the batch is stored, each id once (a batch sent twice is 204 again). 413 over 50"
                    + " entries; 400 when an entry is not an item event; 422 when it breaks a rule (id not a UUID,"
                    + " an item never sent to this device): then nothing of the batch is stored.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            array =
                                                    @ArraySchema(
                                                            schema = @Schema(implementation = ItemEvent.class),
                                                            maxItems = MAX_EVENTS))))
    @ApiResponse(responseCode = "204", description = "stored")
    @ApiResponse(responseCode = "413", description = "more than 50 entries")
    @ApiResponse(responseCode = "422", description = "an entry breaks a rule (id not a UUID, item not in the plan)")
    ResponseEntity<Void> events(@AuthenticationPrincipal EdgeDevice device, @RequestBody JsonNode body) {
        List<ItemEvent> events = batch(json, body, ItemEvent.class, MAX_EVENTS, "event");
        ItemEventRules.check(events, itemId -> sentTo(device, itemId));
        itemEvents.store(device.deviceId(), events);
        return ResponseEntity.noContent().build();
    }

    /**
     * Whether the device was sent this item: listed in the manifest this node holds for its credential (written down
     * as sent before it was kept), else as {@link PlannedItems} remembers. The events of a woken fleet name the item
     * of the manifest just answered, so they need no read here.
     */
    private boolean sentTo(EdgeDevice device, String itemId) {
        CachedManifest held = index.byCredential(device.credentialHash());
        return (held != null
                        && held.deviceId().equals(device.deviceId())
                        && held.itemIds().contains(itemId))
                || planned.window(device.deviceId(), itemId).isPresent();
    }

    /**
     * A batch as the protocol posts it: a JSON array of at most {@code max} entries, each read as {@code type}. 400
     * naming the first malformed entry, 413 over {@code max} (codes {@code too-many-<noun>s}, {@code invalid-<noun>}).
     */
    static <T> List<T> batch(JsonMapper json, JsonNode body, Class<T> type, int max, String noun) {
        if (body == null || !body.isArray()) {
            throw ProblemException.badRequest("malformed-request", "problem.malformed-request");
        }
        if (body.size() > max) {
            throw new ProblemException(
                    RefusalKind.TOO_LARGE, "too-many-" + noun + "s", "edge.too-many-" + noun + "s", max);
        }
        List<T> entries = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            try {
                T entry = json.treeToValue(body.get(i), type);
                if (entry == null) {
                    throw new IllegalArgumentException("null entry");
                }
                entries.add(entry);
            } catch (JacksonException | IllegalArgumentException malformed) {
                throw new ProblemException(
                        RefusalKind.INVALID,
                        "invalid-" + noun,
                        List.of(new ProblemException.FieldProblem(
                                "[" + i + "]", "edge.invalid-" + noun, new Object[] {i})),
                        "edge.invalid-" + noun,
                        i);
            }
        }
        return entries;
    }

    private static void check(PlayLog log, int index) {
        try {
            UUID.fromString(log.id());
        } catch (IllegalArgumentException e) {
            throw ProblemException.rule("invalid-play-log-id", "[" + index + "].id", "edge.invalid-play-log-id", index);
        }
        if (log.itemId().length() > 300 || !ITEM_ID.matcher(log.itemId()).matches()) {
            throw ProblemException.rule("unknown-plan-item", "[" + index + "].itemId", "edge.unknown-plan-item", index);
        }
        if (log.mediaId() != null && log.mediaId().length() > 64) {
            throw ProblemException.rule("invalid-media-id", "[" + index + "].mediaId", "edge.invalid-media-id", index);
        }
        OffsetDateTime started = log.startedAt();
        if (started.getYear() < 2000 || started.getYear() > 9999) {
            throw ProblemException.rule(
                    "invalid-started-at", "[" + index + "].startedAt", "edge.invalid-started-at", index);
        }
    }

    /**
     * A play log must name an item this device was sent, started near its planned window and not in the future
     * (beyond the clock skew a box may have): anything else is not proof of play, and would be shown to the
     * operators of the device's area as if it were.
     */
    private void checkPlanned(EdgeDevice device, PlayLog log, int index) {
        Instant started = log.startedAt().toInstant();
        if (started.isAfter(clock.instant().plus(PlannedItems.CLOCK_SKEW))) {
            throw ProblemException.rule(
                    "play-log-in-the-future",
                    "[" + index + "].startedAt",
                    "edge.play-log-in-the-future",
                    index,
                    PlannedItems.CLOCK_SKEW.toMinutes());
        }
        PlannedItems.Window window = planned.window(device.deviceId(), log.itemId())
                .orElseThrow(() ->
                        ProblemException.rule("not-in-plan", "[" + index + "].itemId", "edge.not-in-plan", index));
        if (started.isBefore(window.start().minus(PlannedItems.CLOCK_SKEW)) || started.isAfter(window.latestStart())) {
            throw ProblemException.rule(
                    "outside-planned-window",
                    "[" + index + "].startedAt",
                    "edge.outside-planned-window",
                    index,
                    PlannedItems.LATE.toMinutes());
        }
    }

    private CachedManifest current(EdgeDevice device) {
        Optional<CachedManifest> manifest = manifests.current(device.deviceId(), device.credentialHash());
        // Retired between the credential check and now: refused like any revoked credential.
        return manifest.orElseThrow(() ->
                new ProblemException(RefusalKind.UNAUTHENTICATED, "edge-unauthenticated", "edge.unauthenticated"));
    }
}
