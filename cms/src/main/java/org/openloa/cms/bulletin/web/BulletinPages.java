package org.openloa.cms.bulletin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.JobView;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audio.MediaJob;
import org.openloa.cms.audio.web.AudioDownload;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.problem.ProblemDetails;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemStatus;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The editor's and approver's pages: list and search, write, audio (upload, record, TTS), decide. */
@Controller
@RequestMapping("/bulletins")
class BulletinPages {

    /** Validity is typed in Vietnam's local time: the people writing bulletins are there. */
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final BulletinService bulletins;
    private final AreaService areas;
    private final AudioService audio;
    private final AudioLibrary library;
    private final MessageSource messages;
    private final ProblemDetails problems;
    private final DataSize uploadLimit;

    BulletinPages(
            BulletinService bulletins,
            AreaService areas,
            AudioService audio,
            AudioLibrary library,
            MessageSource messages,
            ProblemDetails problems,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") String uploadLimit) {
        this.bulletins = bulletins;
        this.areas = areas;
        this.audio = audio;
        this.library = library;
        this.messages = messages;
        this.problems = problems;
        this.uploadLimit = DataSize.parse(uploadLimit);
    }

    /** What goes out to the loudspeakers, in words; {@code reached}: within a unit of the standard loudness. */
    record LoudnessLine(String text, boolean reached) {}

    /** The normaliser aims within half a unit; a unit more covers rounding and what the encoder adds. */
    static final double REACHED_WITHIN_LU = 1.0;

    /** The form's fields, kept when a submission is refused so nothing typed is lost. */
    static final class BulletinForm {
        @NotBlank
        @Size(max = 300)
        public String title;

        public String category = "thong-bao-ubnd";
        public String body;
        public UUID areaId;
        public Priority priority = Priority.NORMAL;
        public LocalDateTime validFrom;
        public LocalDateTime validUntil;

        BulletinContent content() {
            return new BulletinContent(
                    title,
                    category,
                    body,
                    priority,
                    validFrom == null ? null : validFrom.atZone(ZONE).toInstant(),
                    validUntil == null ? null : validUntil.atZone(ZONE).toInstant());
        }

        static BulletinForm of(Bulletin b) {
            BulletinForm form = new BulletinForm();
            form.title = b.title();
            form.category = b.category();
            form.body = b.body();
            form.areaId = b.areaId();
            form.priority = b.priority();
            form.validFrom = b.validFrom() == null ? null : LocalDateTime.ofInstant(b.validFrom(), ZONE);
            form.validUntil = b.validUntil() == null ? null : LocalDateTime.ofInstant(b.validUntil(), ZONE);
            return form;
        }
    }

    /** The form binds to its fields: it is a plain holder of what was typed. */
    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) BulletinStatus status,
            @RequestParam(required = false) String category,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Caller caller = CurrentCaller.get();
        model.addAttribute(
                "page", bulletins.search(caller, new BulletinQuery(q, status, null, category, null, null, page, 30)));
        model.addAttribute("categories", categoryNames());
        model.addAttribute("statuses", BulletinStatus.values());
        model.addAttribute("waiting", bulletins.countInScope(caller, BulletinStatus.SUBMITTED));
        model.addAttribute("canWrite", caller.has(Role.EDITOR));
        model.addAttribute("areaNames", areas.namesVisibleTo(caller));
        model.addAttribute("zone", ZONE);
        return "bulletins/list";
    }

    @GetMapping("/new")
    String newBulletin(Model model) {
        BulletinForm form = new BulletinForm();
        form.areaId = CurrentCaller.get().areaId();
        return editor(model, null, form);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") BulletinForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(result, () -> bulletins.create(CurrentCaller.get(), form.areaId, form.content()))
                .map(created -> "redirect:/bulletins/" + created.id())
                .orElseGet(() -> editor(model, null, form));
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Bulletin bulletin = bulletins.get(CurrentCaller.get(), id);
        return editor(model, bulletin, BulletinForm.of(bulletin));
    }

    @PostMapping("/{id}")
    String edit(
            @PathVariable UUID id,
            @Valid @ModelAttribute("form") BulletinForm form,
            BindingResult result,
            Model model) {
        return RefusedChange.attempt(result, () -> bulletins.edit(CurrentCaller.get(), id, form.content()))
                .map(edited -> "redirect:/bulletins/" + edited.id() + "?saved")
                .orElseGet(() -> editor(model, bulletins.get(CurrentCaller.get(), id), form));
    }

    @PostMapping("/{id}/{step:submit|approve|reject|archive|revise|delete}")
    String step(
            @PathVariable UUID id,
            @PathVariable String step,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Caller caller = CurrentCaller.get();
        try {
            Bulletin result = switch (step) {
                case "submit" -> bulletins.submit(caller, id);
                case "approve" -> bulletins.approve(caller, id);
                case "reject" -> bulletins.reject(caller, id, reason);
                case "archive" -> bulletins.archive(caller, id);
                case "revise" -> bulletins.revise(caller, id);
                default -> {
                    bulletins.delete(caller, id);
                    yield null;
                }
            };
            return result == null ? "redirect:/bulletins" : "redirect:/bulletins/" + result.id() + "?done=" + step;
        } catch (ProblemException e) {
            redirect.addFlashAttribute("error", message(e));
            return "redirect:/bulletins/" + id;
        }
    }

    /** Called by the page's script (XHR, for upload progress); answers the job as JSON. */
    @PostMapping("/{id}/audio")
    @ResponseBody
    ResponseEntity<Object> upload(@PathVariable UUID id, @RequestParam("file") MultipartFile file) throws IOException {
        Caller caller = CurrentCaller.get();
        try {
            Bulletin bulletin = bulletins.requireAudioEditable(caller, id);
            Path upload = Files.createTempFile("openloa-upload-", ".bin");
            try {
                file.transferTo(upload);
                return ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(JobView.of(
                                audio.startUpload(
                                        bulletin.id(),
                                        bulletin.areaPath(),
                                        caller.username(),
                                        upload,
                                        file.getOriginalFilename()),
                                messages,
                                audio.maxDuration()));
            } finally {
                Files.deleteIfExists(upload);
            }
        } catch (ProblemException e) {
            return ResponseEntity.status(ProblemStatus.of(e)).body(Map.of("message", message(e)));
        }
    }

    /**
     * Called by the page's script with the file as the raw body (XHR, for upload progress): its loudness is
     * measured while it arrives, and the answer, the job as JSON, comes once the audio is the bulletin's (201), or
     * once the upload is kept and queued when the server is busy (202: the script follows the job).
     */
    @PutMapping("/{id}/audio/stream")
    @ResponseBody
    ResponseEntity<Object> stream(
            @PathVariable UUID id, @RequestParam(required = false) String name, HttpServletRequest request)
            throws IOException {
        try {
            MediaJob job = BulletinApi.ingestBody(bulletins, audio, id, name, request, uploadLimit);
            return ResponseEntity.status(BulletinApi.streamedStatus(job))
                    .body(JobView.of(job, messages, audio.maxDuration()));
        } catch (ProblemException e) {
            return ResponseEntity.status(ProblemStatus.of(e)).body(Map.of("message", message(e)));
        }
    }

    /**
     * A file over the upload limit (spring.servlet.multipart.max-file-size): the page's script reads this answer,
     * so it is problem+json naming the limit, not the container's HTML page. The page also checks the size before
     * sending; this is for a file that got past it.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> uploadTooLarge() {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "upload-too-large",
                "bulletin.audio.too-large",
                new Object[] {limitText()},
                locale);
        problem.setProperty("message", problem.getDetail());
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @PostMapping("/{id}/tts")
    @ResponseBody
    ResponseEntity<Object> speak(
            @PathVariable UUID id,
            @RequestParam(required = false) String voice,
            @RequestParam(required = false) Integer rate) {
        Caller caller = CurrentCaller.get();
        try {
            Bulletin bulletin = bulletins.requireAudioEditable(caller, id);
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(JobView.of(
                            audio.startSpeech(
                                    bulletin.id(),
                                    bulletin.areaPath(),
                                    caller.username(),
                                    bulletin.body(),
                                    voice,
                                    rate),
                            messages,
                            audio.maxDuration()));
        } catch (ProblemException e) {
            return ResponseEntity.status(ProblemStatus.of(e)).body(Map.of("message", message(e)));
        }
    }

    @GetMapping("/{id}/jobs/{jobId}")
    @ResponseBody
    JobView job(@PathVariable UUID id, @PathVariable UUID jobId) {
        return JobView.of(audio.job(CurrentCaller.get(), jobId), messages, audio.maxDuration());
    }

    @GetMapping("/{id}/audio")
    void audioFile(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Bulletin bulletin = bulletins.get(CurrentCaller.get(), id);
        MediaAsset asset = library.asset(bulletin.audioAssetId()).orElseThrow(() -> ProblemException.notFound("audio"));
        AudioDownload.serve(library, asset, request, response);
    }

    private String editor(Model model, Bulletin bulletin, BulletinForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("bulletin", bulletin);
        model.addAttribute("form", form);
        model.addAttribute("categories", categoryNames());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("areas", areas.choicesFor(caller));
        boolean canWrite = caller.has(Role.EDITOR);
        boolean canArchive = bulletin != null && BulletinService.canArchive(caller, bulletin);
        model.addAttribute("canWrite", canWrite);
        // The form is offered to those who can save it: an editor, on a bulletin still open to change or approved
        // (saving that starts a revision). Everyone else reads the bulletin instead of a form they cannot use.
        model.addAttribute(
                "canEdit",
                canWrite && (bulletin == null || bulletin.editable() || bulletin.status() == BulletinStatus.APPROVED));
        model.addAttribute("canDecide", bulletin != null && BulletinService.canDecide(caller, bulletin));
        model.addAttribute("ownBulletin", bulletin != null && caller.userId().equals(bulletin.authorId()));
        model.addAttribute("canArchive", canArchive);
        model.addAttribute(
                "hasActions",
                bulletin != null
                        && (canArchive
                                || (canWrite
                                        && (bulletin.editable()
                                                || bulletin.status() == BulletinStatus.APPROVED
                                                || bulletin.status() == BulletinStatus.DRAFT))));
        model.addAttribute("zone", ZONE);
        model.addAttribute("uploadLimit", uploadLimit);
        model.addAttribute("uploadLimitText", limitText());
        if (bulletin != null) {
            MediaAsset delivered = library.asset(bulletin.audioAssetId()).orElse(null);
            MediaAsset original = library.asset(bulletin.originalAssetId()).orElse(null);
            model.addAttribute("audio", delivered);
            model.addAttribute("original", original);
            model.addAttribute("loudness", loudness(delivered, original, LocaleContextHolder.getLocale()));
            // Words, not engineering: "MP3" and "Giọng đọc tự động", never "audio/mpeg" or "tts-….wav".
            model.addAttribute("audioFormat", delivered == null ? null : AudioWords.format(delivered.mimeType()));
            model.addAttribute("audioSource", AudioWords.source(original, messages, LocaleContextHolder.getLocale()));
            model.addAttribute("history", bulletins.history(caller, bulletin.id()));
            model.addAttribute(
                    "runningJob",
                    audio.jobsOf(bulletin.id()).stream()
                            .filter(j -> !j.finished())
                            .findFirst()
                            .map(j -> j.id().toString())
                            .orElse(null));
            // A failure the editor did not watch happen (e.g. a job cut off by restarts) is still said here.
            model.addAttribute(
                    "audioError",
                    audio.jobsOf(bulletin.id()).stream()
                            .findFirst()
                            .filter(j -> j.state() == MediaJob.State.FAILED)
                            .map(j ->
                                    JobView.of(j, messages, audio.maxDuration()).error())
                            .orElse(null));
            model.addAttribute(
                    "areaName", areas.find(bulletin.areaId()).map(Area::name).orElse(""));
        }
        model.addAttribute("ttsAvailable", audio.speechAvailable());
        model.addAttribute("voices", audio.voices());
        return "bulletins/editor";
    }

    /**
     * The loudness line: the standard when the delivered file reached it, else what it measures and why (a source
     * with sudden loud peaks cannot be raised to the standard under the true-peak ceiling without distorting),
     * each beside the source's own loudness when it is known.
     */
    private LoudnessLine loudness(MediaAsset delivered, MediaAsset original, Locale locale) {
        if (delivered == null || delivered.loudnessLufs() == null) {
            return null;
        }
        double target = audio.loudnessTarget();
        double out = delivered.loudnessLufs();
        Double source = original == null ? null : original.loudnessLufs();
        boolean reached = Math.abs(out - target) <= REACHED_WITHIN_LU;
        String key = "bulletin.loudness." + (reached ? "reached" : out < target ? "below" : "above")
                + (source == null ? ".alone" : "");
        Object[] args = {lufs(target, locale), lufs(out, locale), source == null ? "" : lufs(source, locale)};
        return new LoudnessLine(messages.getMessage(key, args, locale), reached);
    }

    /** The upload limit as people read it: "700 MB", or "64 KB" below a megabyte. */
    private String limitText() {
        return uploadLimit.toMegabytes() >= 1 ? uploadLimit.toMegabytes() + " MB" : uploadLimit.toKilobytes() + " KB";
    }

    /** −16 or −22,3 in Vietnamese (−22.3 in English): a true minus sign, one decimal unless it is whole. */
    static String lufs(double value, Locale locale) {
        double rounded = Math.round(value * 10) / 10.0;
        String number = rounded == Math.rint(rounded)
                ? Long.toString(Math.abs(Math.round(rounded)))
                : String.format(Locale.ROOT, "%.1f", Math.abs(rounded));
        if ("vi".equals(locale.getLanguage())) {
            number = number.replace('.', ',');
        }
        return (rounded < 0 ? "\u2212" : "") + number;
    }

    private Map<String, String> categoryNames() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        bulletins.categories().forEach(c -> names.put(c.code(), c.name(LocaleContextHolder.getLocale())));
        return names;
    }

    private String message(ProblemException e) {
        return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), LocaleContextHolder.getLocale());
    }
}
