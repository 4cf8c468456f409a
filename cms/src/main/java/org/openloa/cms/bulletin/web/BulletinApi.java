package org.openloa.cms.bulletin.web;

import io.swagger.v3.oas.annotations.Operation;
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
import org.openloa.cms.audio.StoredAudio;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinEvent;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.bulletin.Priority;
import org.openloa.cms.problem.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    BulletinApi(BulletinService bulletins, AudioService audio, AudioLibrary library, MessageSource messages) {
        this.bulletins = bulletins;
        this.audio = audio;
        this.library = library;
        this.messages = messages;
    }

    record AudioView(
            UUID assetId,
            String mimeType,
            long sizeBytes,
            String sha256,
            Long durationMs,
            Double loudnessLufs,
            String originalFilename) {}

    record BulletinView(
            UUID id,
            UUID lineageId,
            int revision,
            String title,
            String category,
            String body,
            UUID areaId,
            Priority priority,
            Instant validFrom,
            Instant validUntil,
            BulletinStatus status,
            String author,
            Instant createdAt,
            Instant updatedAt,
            AudioView audio) {}

    record BulletinPage(List<BulletinView> bulletins, int page, int size, long total) {}

    /** What an editor sends; on PATCH, absent fields keep their value. */
    record BulletinInput(
            String title,
            String category,
            String body,
            UUID areaId,
            Priority priority,
            Instant validFrom,
            Instant validUntil) {}

    record Rejection(String reason) {}

    record SpeechInput(String voice, Integer rate) {}

    record HistoryEntry(Instant at, String actor, String action, String reason) {}

    record CategoryView(String code, String name) {}

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
    List<CategoryView> categories() {
        return bulletins.categories().stream()
                .map(c -> new CategoryView(c.code(), c.name(LocaleContextHolder.getLocale())))
                .toList();
    }

    record CategoryInput(String code, String nameVi, String nameEn, Integer position, Boolean active) {}

    @PostMapping("/categories")
    @Operation(summary = "Add or change a category (national administrators); active=false hides it from new bulletins")
    CategoryView saveCategory(@RequestBody CategoryInput input) {
        var category = bulletins.saveCategory(
                CurrentCaller.get(), input.code(), input.nameVi(), input.nameEn(), input.position(), input.active());
        return new CategoryView(category.code(), category.name(LocaleContextHolder.getLocale()));
    }

    @PostMapping
    @Operation(summary = "Write a new bulletin (EDITOR); areaId defaults to the editor's own area")
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
    BulletinView get(@PathVariable UUID id) {
        return view(bulletins.get(CurrentCaller.get(), id));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a draft; on an approved bulletin this makes and returns a new draft revision (new id)")
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
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        bulletins.delete(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/submit")
    BulletinView submit(@PathVariable UUID id) {
        return view(bulletins.submit(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve (APPROVER of the bulletin's area or above, never its author); 409 unless submitted")
    BulletinView approve(@PathVariable UUID id) {
        return view(bulletins.approve(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject with a reason (required)")
    BulletinView reject(@PathVariable UUID id, @RequestBody(required = false) Rejection rejection) {
        return view(bulletins.reject(CurrentCaller.get(), id, rejection == null ? null : rejection.reason()));
    }

    @PostMapping("/{id}/archive")
    BulletinView archive(@PathVariable UUID id) {
        return view(bulletins.archive(CurrentCaller.get(), id));
    }

    @PostMapping("/{id}/revise")
    @Operation(summary = "Start a new draft revision of an approved bulletin; the approved one stays as it is")
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
    ResponseEntity<JobView> upload(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        return acceptUpload(CurrentCaller.get(), id, file);
    }

    @PutMapping(path = "/{id}/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<JobView> replace(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        return acceptUpload(CurrentCaller.get(), id, file);
    }

    @GetMapping("/{id}/audio")
    @Operation(summary = "The processed audio (Range supported)")
    void audio(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Bulletin bulletin = bulletins.get(CurrentCaller.get(), id);
        MediaAsset asset = library.asset(bulletin.audioAssetId()).orElseThrow(() -> ProblemException.notFound("audio"));
        new StoredAudio(library, asset).serve(request, response);
    }

    @PostMapping("/{id}/tts")
    @Operation(summary = "Make the audio from the body text by text-to-speech; 202 with the job")
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
                .body(JobView.of(job, messages));
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
