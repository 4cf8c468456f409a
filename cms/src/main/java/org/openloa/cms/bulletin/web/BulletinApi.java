package org.openloa.cms.bulletin.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.JobView;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audio.MediaJob;
import org.openloa.cms.audio.web.AudioDownload;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinEvent;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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
@RequestMapping("/api/v1/bulletins")
@Tag(name = "Bulletins", description = "Bulletins, their audio and their workflow, within the caller's areas")
class BulletinApi {

    private final BulletinService bulletins;
    private final AudioService audio;
    private final AudioLibrary library;
    private final MessageSource messages;

    private final DataSize uploadLimit;

    BulletinApi(
            BulletinService bulletins,
            AudioService audio,
            AudioLibrary library,
            MessageSource messages,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") String uploadLimit) {
        this.bulletins = bulletins;
        this.audio = audio;
        this.library = library;
        this.messages = messages;
        this.uploadLimit = DataSize.parse(uploadLimit);
    }

    @Schema(description = "A bulletin's processed audio")
    record AudioView(
            @Schema(description = "the audio's media id") UUID assetId,

            @Schema(description = "its type, e.g. audio/mpeg")
            String mimeType,

            @Schema(description = "its size in bytes") long sizeBytes,

            @Schema(description = "SHA-256 of its bytes, lower-case hex")
            String sha256,

            @Schema(description = "its length in milliseconds")
            Long durationMs,

            @Schema(description = "its loudness in LUFS after normalisation")
            Double loudnessLufs,

            @Schema(description = "the name of the file uploaded; null for text-to-speech")
            String originalFilename) {}

    @Schema(description = "A bulletin (bản tin): one revision of it")
    record BulletinView(
            @Schema(description = "the id of this revision") UUID id,

            @Schema(description = "the id all revisions of the bulletin share")
            UUID lineageId,

            @Schema(description = "the revision number, from 1")
            int revision,

            @Schema(description = "the title") String title,
            @Schema(description = "the category code") String category,

            @Schema(description = "the text (also what text-to-speech reads)")
            String body,

            @Schema(description = "the area it belongs to") UUID areaId,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            Priority priority,

            @Schema(description = "from when it may air; null for no limit")
            Instant validFrom,

            @Schema(description = "until when it may air; null for no limit")
            Instant validUntil,

            @Schema(description = "where it is in the workflow")
            BulletinStatus status,

            @Schema(description = "who wrote it (a username)")
            String author,

            @Schema(description = "when it was created") Instant createdAt,
            @Schema(description = "when it last changed") Instant updatedAt,

            @Schema(description = "its processed audio; null until there is some")
            AudioView audio) {}

    @Schema(description = "One page of bulletins")
    record BulletinPage(
            @Schema(description = "the bulletins of this page")
            List<BulletinView> bulletins,

            @Schema(description = "the page number, from 0") int page,
            @Schema(description = "the page size") int size,

            @Schema(description = "how many bulletins match in all")
            long total) {}

    /** What an editor sends; on PATCH, absent fields keep their value. */
    @Schema(description = "A bulletin's content; on PATCH, absent fields keep their value")
    record BulletinInput(
            @Schema(description = "the title, at most 300 characters; required when creating")
            String title,

            @Schema(description = "an active category code; required when creating")
            String category,

            @Schema(description = "the text, at most 100,000 characters")
            String body,

            @Schema(description = "the area (POST only); the editor's own area when absent")
            UUID areaId,

            @Schema(description = "NORMAL when absent") Priority priority,
            @Schema(description = "from when it may air") Instant validFrom,

            @Schema(description = "until when it may air; after validFrom")
            Instant validUntil) {}

    @Schema(description = "Why a bulletin is rejected")
    record Rejection(
            @Schema(description = "the reason, shown to the author", requiredMode = REQUIRED)
            String reason) {}

    @Schema(description = "How text-to-speech reads the body")
    record SpeechInput(
            @Schema(description = "one of GET /api/v1/tts/voices; the default voice when absent")
            String voice,

            @Schema(description = "words per minute; the default rate when absent")
            Integer rate) {}

    @Schema(description = "One step in a bulletin's history")
    record HistoryEntry(
            @Schema(description = "when") Instant at,
            @Schema(description = "who (a username)") String actor,

            @Schema(description = "what, e.g. CREATED, SUBMITTED, APPROVED, REJECTED")
            String action,

            @Schema(description = "why, when a reason was given")
            String reason) {}

    @Schema(description = "A bulletin category")
    record CategoryView(
            @Schema(description = "the stable code") String code,

            @Schema(description = "the name in the caller's language")
            String name) {}

    @GetMapping
    @Operation(
            summary =
                    "Search bulletins; q matches title and body without diacritics (\"thong bao\" finds \"Thông báo\")")
    BulletinPage search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) BulletinStatus status,
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Page<Bulletin> found = bulletins.search(
                CurrentCaller.get(), new BulletinQuery(q, status, areaId, category, from, to, page, size));
        return new BulletinPage(
                found.map(this::view).getContent(), found.getNumber(), found.getSize(), found.getTotalElements());
    }

    @GetMapping("/categories")
    @Operation(summary = "The categories bulletins may have, named in the caller's language")
    List<CategoryView> categories() {
        return bulletins.categories().stream()
                .map(c -> new CategoryView(c.code(), c.name(LocaleContextHolder.getLocale())))
                .toList();
    }

    @Schema(description = "A category to add or change")
    record CategoryInput(
            @Schema(description = "the stable code: a-z, 0-9 and -, at most 64", requiredMode = REQUIRED)
            String code,

            @Schema(description = "the Vietnamese name", requiredMode = REQUIRED)
            String nameVi,

            @Schema(description = "the English name", requiredMode = REQUIRED)
            String nameEn,

            @Schema(description = "where it is listed; unchanged (or last) when absent")
            Integer position,

            @Schema(description = "false hides it from new bulletins")
            Boolean active) {}

    @PostMapping("/categories")
    @Operation(summary = "Add or change a category (national administrators); active=false hides it from new bulletins")
    @ApiResponse(responseCode = "422", description = "a bad code or a missing name")
    CategoryView saveCategory(@RequestBody CategoryInput input) {
        var category = bulletins.saveCategory(
                CurrentCaller.get(), input.code(), input.nameVi(), input.nameEn(), input.position(), input.active());
        return new CategoryView(category.code(), category.name(LocaleContextHolder.getLocale()));
    }

    @PostMapping
    @Operation(summary = "Write a new bulletin (EDITOR); areaId defaults to the editor's own area")
    @ApiResponse(responseCode = "201", description = "created as a draft; Location names it")
    @ApiResponse(responseCode = "404", description = "the area is not found or outside the caller's")
    @ApiResponse(responseCode = "422", description = "a rule is broken (title, category, body length, validity)")
    ResponseEntity<BulletinView> create(@RequestBody BulletinInput input) {
        Bulletin bulletin = bulletins.create(
                CurrentCaller.get(),
                input.areaId(),
                new BulletinContent(
                        input.title(),
                        input.category(),
                        input.body(),
                        input.priority(),
                        input.validFrom(),
                        input.validUntil()));
        return ResponseEntity.created(URI.create("/api/v1/bulletins/" + bulletin.id()))
                .body(view(bulletin));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One bulletin")
    BulletinView get(@PathVariable UUID id) {
        return view(bulletins.get(CurrentCaller.get(), id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a draft; on an approved bulletin this makes and returns a new draft revision (new id)")
    @ApiResponse(responseCode = "409", description = "the bulletin cannot be changed in its state")
    @ApiResponse(responseCode = "422", description = "a rule is broken (title, category, body length, validity)")
    BulletinView edit(@PathVariable UUID id, @RequestBody BulletinInput input) {
        Caller caller = CurrentCaller.get();
        Bulletin current = bulletins.get(caller, id);
        return view(bulletins.edit(
                caller,
                id,
                new BulletinContent(
                        input.title() != null ? input.title() : current.title(),
                        input.category() != null ? input.category() : current.category(),
                        input.body() != null ? input.body() : current.body(),
                        input.priority() != null ? input.priority() : current.priority(),
                        input.validFrom() != null ? input.validFrom() : current.validFrom(),
                        input.validUntil() != null ? input.validUntil() : current.validUntil())));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a draft")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "409", description = "not a draft")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        bulletins.delete(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Submit a draft for approval")
    @ApiResponse(responseCode = "409", description = "not a draft or rejected bulletin")
    @ApiResponse(responseCode = "422", description = "the bulletin has no audio")
    BulletinView submit(@PathVariable UUID id) {
        return view(bulletins.submit(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve (APPROVER of the bulletin's area or above, never its author); 409 unless submitted")
    @ApiResponse(responseCode = "409", description = "not submitted")
    BulletinView approve(@PathVariable UUID id) {
        return view(bulletins.approve(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject with a reason (required)")
    @ApiResponse(responseCode = "409", description = "not submitted")
    @ApiResponse(responseCode = "422", description = "no reason given")
    BulletinView reject(@PathVariable UUID id, @RequestBody(required = false) Rejection rejection) {
        return view(bulletins.reject(CurrentCaller.get(), id, rejection == null ? null : rejection.reason()));
    }

    @PostMapping("/{id}/archive")
    @Operation(summary = "Archive a bulletin: it no longer airs")
    @ApiResponse(responseCode = "409", description = "already archived, or in a state that cannot be archived")
    BulletinView archive(@PathVariable UUID id) {
        return view(bulletins.archive(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/revise")
    @Operation(summary = "Start a new draft revision of an approved bulletin; the approved one stays as it is")
    @ApiResponse(responseCode = "201", description = "the new draft revision; Location names it")
    @ApiResponse(responseCode = "409", description = "not approved")
    ResponseEntity<BulletinView> revise(@PathVariable UUID id) {
        Bulletin next = bulletins.revise(CurrentCaller.get(), id);
        return ResponseEntity.created(URI.create("/api/v1/bulletins/" + next.id()))
                .body(view(next));
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Every step of the bulletin and the revisions it came from: who, when, why")
    List<HistoryEntry> history(@PathVariable UUID id) {
        return bulletins.history(CurrentCaller.get(), id).stream()
                .map(BulletinApi::entry)
                .toList();
    }

    @PostMapping(path = "/{id}/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload audio (any format with a decodable audio stream); 202 with the processing job",
            description =
                    "What is not audio is refused with 415/400 and leaves nothing behind. Follow the job at /api/v1/jobs/{id}.")
    @ApiResponse(responseCode = "202", description = "processing started; Location names the job")
    @ApiResponse(responseCode = "409", description = "the bulletin's audio cannot be changed in its state")
    @ApiResponse(responseCode = "413", description = "the file is too large")
    @ApiResponse(responseCode = "415", description = "not audio, no audio stream, or not decodable")
    @ApiResponse(responseCode = "422", description = "silent, or too long")
    ResponseEntity<JobView> upload(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        return acceptUpload(CurrentCaller.get(), id, file);
    }

    @PutMapping(path = "/{id}/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Replace the audio; the same as POST")
    @ApiResponse(responseCode = "202", description = "processing started; Location names the job")
    @ApiResponse(responseCode = "409", description = "the bulletin's audio cannot be changed in its state")
    @ApiResponse(responseCode = "413", description = "the file is too large")
    @ApiResponse(responseCode = "415", description = "not audio, no audio stream, or not decodable")
    @ApiResponse(responseCode = "422", description = "silent, or too long")
    ResponseEntity<JobView> replace(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        return acceptUpload(CurrentCaller.get(), id, file);
    }

    @PutMapping(
            path = "/{id}/audio/stream",
            consumes = {"audio/*", "video/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(
            summary = "Upload audio as the raw request body, processed while it arrives; 201 once it is the"
                    + " bulletin's audio, 202 with a queued job when the server is busy",
            description = "The body is the file itself, with its Content-Type (any audio format with a decodable"
                    + " audio stream). Its loudness is measured while it streams in, so the bulletin has its"
                    + " processed audio shortly after the last byte: the answer comes then, 201 with a job that has"
                    + " succeeded. When every processing slot of the server (openloa.media.processing-threads) is"
                    + " taken, the body is received whole and processed in turn like a multipart upload: 202 with"
                    + " the queued job to follow at /api/v1/jobs/{id}. The same checks, limit and refusals as the"
                    + " multipart upload; an upload cut off midway, refused or too large leaves nothing behind.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "201", description = "the audio is the bulletin's; Location names the job")
    @ApiResponse(
            responseCode = "202",
            description = "every processing slot was taken: the upload is kept and waits its turn; Location names"
                    + " the job")
    @ApiResponse(responseCode = "400", description = "the upload ended before its last byte")
    @ApiResponse(responseCode = "409", description = "the bulletin's audio cannot be changed in its state")
    @ApiResponse(responseCode = "413", description = "the file is too large")
    @ApiResponse(responseCode = "415", description = "not audio, no audio stream, or not decodable")
    @ApiResponse(responseCode = "422", description = "silent, or too long")
    ResponseEntity<JobView> stream(
            @PathVariable UUID id,
            @Parameter(description = "the file's name, as shown on the bulletin") @RequestParam(required = false)
                    String name,
            HttpServletRequest request)
            throws IOException {
        MediaJob job = ingestBody(bulletins, audio, id, name, request, uploadLimit);
        return ResponseEntity.status(streamedStatus(job))
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(JobView.of(job, messages, audio.maxDuration()));
    }

    /** 201 when the streamed upload is already the bulletin's audio, 202 when it waits its turn as a job. */
    static HttpStatus streamedStatus(MediaJob job) {
        return job.state() == MediaJob.State.SUCCEEDED ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
    }

    /** The request's body, as it arrives, becomes the bulletin's audio (the API's and the page's streaming upload). */
    static MediaJob ingestBody(
            BulletinService bulletins,
            AudioService audio,
            UUID id,
            String name,
            HttpServletRequest request,
            DataSize uploadLimit)
            throws IOException {
        Caller caller = CurrentCaller.get();
        Bulletin bulletin = bulletins.requireAudioEditable(caller, id);
        return audio.ingestStream(
                bulletin.id(),
                bulletin.areaPath(),
                caller.username(),
                request.getInputStream(),
                request.getContentLengthLong(),
                name,
                uploadLimit);
    }

    @GetMapping("/{id}/audio")
    @Operation(summary = "The processed audio (Range supported)")
    @ApiResponse(
            responseCode = "200",
            description = "the audio; 206 with Content-Range for a Range request",
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    void audio(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Bulletin bulletin = bulletins.get(CurrentCaller.get(), id);
        MediaAsset asset = library.asset(bulletin.audioAssetId()).orElseThrow(() -> ProblemException.notFound("audio"));
        AudioDownload.serve(library, asset, request, response);
    }

    @PostMapping("/{id}/tts")
    @Operation(summary = "Make the audio from the body text by text-to-speech; 202 with the job")
    @ApiResponse(responseCode = "202", description = "speech started; Location names the job")
    @ApiResponse(responseCode = "409", description = "the bulletin's audio cannot be changed in its state")
    @ApiResponse(responseCode = "422", description = "an unknown voice, a rate out of range, or no text")
    @ApiResponse(responseCode = "503", description = "text-to-speech is not installed on this server")
    ResponseEntity<JobView> speak(@PathVariable UUID id, @RequestBody(required = false) SpeechInput input) {
        Caller caller = CurrentCaller.get();
        Bulletin bulletin = bulletins.requireAudioEditable(caller, id);
        MediaJob job = audio.startSpeech(
                bulletin.id(),
                bulletin.areaPath(),
                caller.username(),
                bulletin.body(),
                input == null ? null : input.voice(),
                input == null ? null : input.rate());
        return accepted(job);
    }

    private ResponseEntity<JobView> acceptUpload(Caller caller, UUID id, MultipartFile file) throws IOException {
        Bulletin bulletin = bulletins.requireAudioEditable(caller, id);
        Path upload = Files.createTempFile("openloa-upload-", ".bin");
        try {
            file.transferTo(upload);
            return accepted(audio.startUpload(
                    bulletin.id(), bulletin.areaPath(), caller.username(), upload, file.getOriginalFilename()));
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private ResponseEntity<JobView> accepted(MediaJob job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(JobView.of(job, messages, audio.maxDuration()));
    }

    static HistoryEntry entry(BulletinEvent e) {
        return new HistoryEntry(e.at(), e.actor(), e.action(), e.reason());
    }

    BulletinView view(Bulletin b) {
        AudioView audioView = library.asset(b.audioAssetId())
                .map(a -> new AudioView(
                        a.id(),
                        a.mimeType(),
                        a.sizeBytes(),
                        a.sha256(),
                        a.durationMs(),
                        a.loudnessLufs(),
                        library.asset(b.originalAssetId())
                                .map(MediaAsset::originalFilename)
                                .orElse(null)))
                .orElse(null);
        return new BulletinView(
                b.id(),
                b.lineageId(),
                b.revision(),
                b.title(),
                b.category(),
                b.body(),
                b.areaId(),
                b.priority(),
                b.validFrom(),
                b.validUntil(),
                b.status(),
                b.authorUsername(),
                b.createdAt(),
                b.updatedAt(),
                audioView);
    }
}
