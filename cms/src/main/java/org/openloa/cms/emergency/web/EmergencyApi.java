package org.openloa.cms.emergency.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.ListPage;
import org.openloa.cms.emergency.Board;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyContent;
import org.openloa.cms.emergency.EmergencySource;
import org.openloa.cms.emergency.EmergencyState;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/emergencies")
@Tag(
        name = "Emergencies",
        description = "Emergency alerting (phát khẩn cấp): raise now, watch every device, stop or correct it")
class EmergencyApi {

    private final Emergencies emergencies;
    private final StreamedRecording streamed;

    EmergencyApi(Emergencies emergencies, StreamedRecording streamed) {
        this.emergencies = emergencies;
        this.streamed = streamed;
    }

    @Schema(description = "An emergency to raise: text to speak or an approved bulletin, where, and until when")
    record EmergencyBody(
            @Schema(description = "what it is about, e.g. Bão số 3 đổ bộ", requiredMode = Schema.RequiredMode.REQUIRED)
            String title,

            @Schema(description = "text to speak (Vietnamese TTS by default); the issue time is said first")
            String text,

            @Schema(description = "a TTS voice as GET /api/v1/tts/voices lists; the Vietnamese default when absent")
            String voice,

            @Schema(description = "an approved bulletin with audio, instead of text: airs at once")
            UUID bulletinId,

            @Schema(
                    description = "the areas it airs in, each with its subtree",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            List<UUID> areaIds,

            @Schema(description = "when it ends, ISO-8601 with offset; absent: it airs once, now")
            String endsAt,

            @Schema(description = "with endsAt: minutes between airings, at least 5; 120 when absent")
            Integer repeatEveryMinutes) {}

    @Schema(description = "New contents for an emergency: text to speak or an approved bulletin")
    record ContentBody(
            @Schema(description = "text to speak") String text,
            @Schema(description = "a TTS voice") String voice,

            @Schema(description = "an approved bulletin with audio, instead of text")
            UUID bulletinId) {}

    @Schema(description = "Why it is taken off air; the boxes log it with the interrupted play")
    record StopBody(
            @Schema(description = "the reason", requiredMode = Schema.RequiredMode.REQUIRED)
            String reason) {}

    @Schema(description = "What an emergency airs, one per language")
    record ContentView(
            @Schema(description = "SPEECH, RECORDING or BULLETIN")
            String kind,

            @Schema(description = "the bulletin that airs") UUID bulletinId,

            @Schema(description = "the TTS voice, for SPEECH")
            String voice) {}

    @Schema(description = "An emergency")
    record EmergencyView(
            @Schema(description = "its id") UUID id,
            @Schema(description = "the title") String title,
            @Schema(description = "OPERATOR or CAP") EmergencySource source,

            @Schema(description = "PREPARING (audio being made), ON_AIR, STOPPED, ENDED or FAILED")
            EmergencyState state,

            @Schema(description = "EMERGENCY or PRIORITY") String priority,

            @Schema(description = "the owner area: the deepest area holding every target")
            UUID ownerAreaId,

            @Schema(description = "the areas it airs in") List<UUID> areaIds,

            @Schema(description = "devices targeted directly")
            List<UUID> deviceIds,

            @Schema(description = "when the warning was issued")
            Instant issuedAt,

            @Schema(description = "when it ends; null: it airs once")
            Instant endsAt,

            @Schema(description = "minutes between airings; null: once")
            Integer repeatEveryMinutes,

            @Schema(description = "what airs (or is being made, while PREPARING)")
            List<ContentView> contents,

            @Schema(description = "whether new contents are being made to replace these")
            boolean replacing,

            @Schema(description = "the broadcasts airing the current contents, now first")
            List<UUID> broadcastIds,

            @Schema(description = "why its audio could not be made (a media refusal code); else null")
            String failure,

            @Schema(description = "who raised it") String raisedBy,
            @Schema(description = "when") Instant raisedAt,

            @Schema(description = "who last replaced its content")
            String updatedBy,

            @Schema(description = "when") Instant updatedAt,
            @Schema(description = "who stopped it") String stoppedBy,
            @Schema(description = "when") Instant stoppedAt,
            @Schema(description = "why") String stopReason,

            @Schema(description = "where each targeted device stands (GET /{id} only)")
            Board board) {}

    @Schema(description = "One page of emergencies, active first")
    record EmergencyPage(
            @Schema(description = "the emergencies of this page")
            List<EmergencyView> emergencies,

            @Schema(description = "the page number, from 0") int page,
            @Schema(description = "the page size, 1 to 200") int size,
            @Schema(description = "how many in all") long total) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Raise an emergency (OPERATOR or ADMIN of the areas): on air now, no approval queue",
            description =
                    "With text, the speech is made first (state PREPARING for a few seconds, then ON_AIR); with an"
                            + " approved bulletin it is ON_AIR at once. It airs now, as EMERGENCY, in every device under the"
                            + " areas, then every repeatEveryMinutes until endsAt. Audited with who, when, what and where.")
    @ApiResponse(responseCode = "201", description = "raised; Location names it")
    @ApiResponse(responseCode = "400", description = "a field is missing or unreadable; errors names it")
    @ApiResponse(
            responseCode = "404",
            description = "an area or the bulletin is not found or outside the caller's areas")
    @ApiResponse(responseCode = "422", description = "a rule is broken (end in the past, bulletin not approved…)")
    ResponseEntity<EmergencyView> raise(@RequestBody EmergencyBody body) {
        Caller caller = CurrentCaller.get();
        Emergency emergency = emergencies.raise(
                caller,
                EmergencyInput.order(
                        body.title(),
                        EmergencyInput.content(body.text(), body.voice(), body.bulletinId()),
                        body.areaIds(),
                        body.endsAt(),
                        body.repeatEveryMinutes()));
        return ResponseEntity.created(URI.create("/api/v1/emergencies/" + emergency.id()))
                .body(view(emergency, null));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary =
                    "Raise an emergency with a recording (multipart: file, title, areaIds, endsAt, repeatEveryMinutes)",
            description = "The recording is loudness-normalised like any upload (PREPARING), then airs as with text.")
    @ApiResponse(responseCode = "201", description = "raised; Location names it")
    @ApiResponse(responseCode = "400", description = "a field is missing or unreadable; errors names it")
    @ApiResponse(responseCode = "415", description = "the file is not audio")
    ResponseEntity<EmergencyView> raiseRecording(
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) List<UUID> areaIds,
            @RequestParam(required = false) String endsAt,
            @RequestParam(required = false) Integer repeatEveryMinutes)
            throws IOException {
        Caller caller = CurrentCaller.get();
        Emergency emergency = emergencies.raise(
                caller, EmergencyInput.order(title, recording(file), areaIds, endsAt, repeatEveryMinutes));
        return ResponseEntity.created(URI.create("/api/v1/emergencies/" + emergency.id()))
                .body(view(emergency, null));
    }

    @PostMapping(
            path = "/stream",
            consumes = {"audio/*", "video/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(
            summary = "Raise an emergency with a recording as the raw request body, processed while it arrives",
            description = "The body is the recording itself, with its Content-Type (any audio format with a decodable"
                    + " audio stream); the rest of the order is in the query (title, areaIds, endsAt,"
                    + " repeatEveryMinutes, as for the multipart form) and is checked before the body is read. The"
                    + " recording's loudness is measured while it streams in, so the answer comes shortly after its"
                    + " last byte with the emergency ON_AIR. When every processing slot of the server"
                    + " (openloa.media.processing-threads) is taken, the recording is received whole and made in"
                    + " turn like a multipart upload: 201 with the emergency PREPARING. A recording refused, cut off"
                    + " midway or too large raises nothing and leaves nothing behind.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "201", description = "raised (ON_AIR, or PREPARING when the server was busy)")
    @ApiResponse(
            responseCode = "400",
            description =
                    "a field is missing or unreadable (errors names it), or the upload ended before its last byte")
    @ApiResponse(responseCode = "404", description = "an area is not found or outside the caller's areas")
    @ApiResponse(responseCode = "413", description = "the recording is too large")
    @ApiResponse(responseCode = "415", description = "not audio, no audio stream, or not decodable")
    @ApiResponse(responseCode = "422", description = "a rule is broken (end in the past…), or silent, or too long")
    ResponseEntity<EmergencyView> raiseStreamed(
            @RequestParam(required = false) String title,
            @RequestParam(required = false) List<UUID> areaIds,
            @RequestParam(required = false) String endsAt,
            @RequestParam(required = false) Integer repeatEveryMinutes,
            @Parameter(description = "the recording's file name") @RequestParam(required = false) String name,
            HttpServletRequest request)
            throws IOException {
        Emergency emergency = streamed.raise(
                CurrentCaller.get(),
                EmergencyInput.order(title, List.of(), areaIds, endsAt, repeatEveryMinutes),
                name,
                request);
        return ResponseEntity.created(URI.create("/api/v1/emergencies/" + emergency.id()))
                .body(view(emergency, null));
    }

    @GetMapping
    @Operation(summary = "The emergencies in the caller's areas, active first, then the newest")
    EmergencyPage list(
            @Parameter(description = "from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "1 to " + ListPage.MAX_SIZE) @RequestParam(defaultValue = "50") int size) {
        Page<Emergency> found = emergencies.list(CurrentCaller.get(), page, size);
        return new EmergencyPage(
                found.getContent().stream().map(e -> view(e, null)).toList(),
                found.getNumber(),
                found.getSize(),
                found.getTotalElements());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One emergency with its board: where every targeted device stands, and the counts")
    @ApiResponse(responseCode = "404", description = "not found or outside the caller's areas")
    EmergencyView get(@PathVariable UUID id) {
        Caller caller = CurrentCaller.get();
        Emergency emergency = emergencies.get(caller, id);
        return view(emergency, emergencies.board(caller, id));
    }

    @PostMapping("/{id}/stop")
    @Operation(
            summary = "Take it off air everywhere at once (any OPERATOR or ADMIN reaching its areas)",
            description = "Every broadcast of it ends now and leaves the devices' manifests, with the reason.")
    @ApiResponse(responseCode = "400", description = "no reason given")
    @ApiResponse(responseCode = "403", description = "the caller does not operate every area it airs in")
    @ApiResponse(responseCode = "409", description = "it is not on air (stopped, ended or failed)")
    EmergencyView stop(@PathVariable UUID id, @RequestBody StopBody body) {
        return view(emergencies.stop(CurrentCaller.get(), id, body == null ? null : body.reason()), null);
    }

    @PutMapping(path = "/{id}/content", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Replace what it says (text or an approved bulletin); airs everywhere once ready",
            description = "The old items are taken off air and the new ones air from now, then at each repeat.")
    @ApiResponse(responseCode = "409", description = "it is not on air")
    EmergencyView replace(@PathVariable UUID id, @RequestBody ContentBody body) {
        return view(
                emergencies.replaceContent(
                        CurrentCaller.get(),
                        id,
                        EmergencyInput.content(
                                body == null ? null : body.text(),
                                body == null ? null : body.voice(),
                                body == null ? null : body.bulletinId())),
                null);
    }

    @PutMapping(path = "/{id}/content", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Replace what it says with a recording (multipart: file)")
    EmergencyView replaceRecording(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        return view(emergencies.replaceContent(CurrentCaller.get(), id, recording(file)), null);
    }

    @PutMapping(
            path = "/{id}/content/stream",
            consumes = {"audio/*", "video/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(
            summary = "Replace what it says with a recording as the raw request body, processed while it arrives",
            description = "As POST /stream: checked before the body is read, on air everywhere shortly after the"
                    + " last byte (or in turn when the server is busy); refused, it changes nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "the upload ended before its last byte")
    @ApiResponse(responseCode = "403", description = "the caller does not operate every area it airs in")
    @ApiResponse(responseCode = "409", description = "it is not on air")
    @ApiResponse(responseCode = "413", description = "the recording is too large")
    @ApiResponse(responseCode = "415", description = "not audio, no audio stream, or not decodable")
    @ApiResponse(responseCode = "422", description = "silent, or too long")
    EmergencyView replaceStreamed(
            @PathVariable UUID id,
            @Parameter(description = "the recording's file name") @RequestParam(required = false) String name,
            HttpServletRequest request)
            throws IOException {
        return view(streamed.replace(CurrentCaller.get(), id, name, request), null);
    }

    /** The upload as a file the service owns (it deletes it). */
    static List<EmergencyContent> recording(MultipartFile file) throws IOException {
        Path upload = Files.createTempFile("openloa-emergency-", ".bin");
        file.transferTo(upload);
        return List.of(new EmergencyContent.Recording(upload, file.getOriginalFilename()));
    }

    static EmergencyView view(Emergency e, Board board) {
        return new EmergencyView(
                e.id(),
                e.title(),
                e.source(),
                e.state(),
                e.priority().name(),
                e.areaId(),
                e.areas().stream().map(Emergency.Target::areaId).toList(),
                List.copyOf(e.deviceIds()),
                e.issuedAt(),
                e.endsAt(),
                e.repeatEvery() == null ? null : (int) e.repeatEvery().toMinutes(),
                e.contents().stream()
                        .map(c -> new ContentView(c.kind().name(), c.bulletinId(), c.voice()))
                        .toList(),
                e.replacing(),
                e.broadcastIds(),
                e.failure(),
                e.raisedBy(),
                e.raisedAt(),
                e.updatedBy(),
                e.updatedAt(),
                e.stoppedBy(),
                e.stoppedAt(),
                e.stopReason(),
                board);
    }
}
