package org.openloa.cms.emergency.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaChoice;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyContent;
import org.openloa.cms.emergency.EmergencyOrder;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemStatus;
import org.openloa.cms.problem.RefusedChange;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/**
 * The emergency pages, phone first: the list (active first), the one-screen form (what, where, how often) with
 * one confirm step, and the emergency's page with its live board (polled every two seconds), stop and update.
 */
@Controller
@RequestMapping("/emergencies")
class EmergencyPages {

    private final Emergencies emergencies;
    private final AreaService areas;
    private final BulletinService bulletins;
    private final StreamedRecording streamed;
    private final MessageSource messages;

    EmergencyPages(
            Emergencies emergencies,
            AreaService areas,
            BulletinService bulletins,
            StreamedRecording streamed,
            MessageSource messages) {
        this.emergencies = emergencies;
        this.areas = areas;
        this.bulletins = bulletins;
        this.streamed = streamed;
        this.messages = messages;
    }

    /** What the form holds, as typed. {@code what}: TEXT, RECORD or BULLETIN. */
    static class EmergencyForm {
        String title;
        String what = "TEXT";
        String text;
        String voice;
        UUID bulletinId;
        List<UUID> areaIds = new ArrayList<>();
        boolean repeat;
        String endsAt;
        Integer repeatEvery = (int) Emergencies.DEFAULT_REPEAT.toMinutes();
        boolean confirmed;
        String reason;

        public String getTitle() {
            return title;
        }

        public String getWhat() {
            return what;
        }

        public String getText() {
            return text;
        }

        public String getVoice() {
            return voice;
        }

        public UUID getBulletinId() {
            return bulletinId;
        }

        public List<UUID> getAreaIds() {
            return areaIds;
        }

        public boolean isRepeat() {
            return repeat;
        }

        public String getEndsAt() {
            return endsAt;
        }

        public Integer getRepeatEvery() {
            return repeatEvery;
        }

        public String getReason() {
            return reason;
        }
    }

    /** A bulletin the form offers to air as it is. */
    record Airable(UUID id, String title) {}

    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("page", emergencies.list(caller, page, 50));
        model.addAttribute("canRaise", caller.mayOperate());
        return "emergencies/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        Caller caller = CurrentCaller.get();
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
        EmergencyForm form = new EmergencyForm();
        if (caller.areaId() != null) {
            form.areaIds.add(caller.areaId());
        }
        return form(model, form, false);
    }

    @PostMapping("/new")
    String raise(
            @ModelAttribute("form") EmergencyForm form,
            BindingResult result,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model) {
        Caller caller = CurrentCaller.get();
        if (!form.confirmed) {
            // The one confirm step: what airs, where and how often, before anything is done.
            return form(model, form, true);
        }
        return RefusedChange.attempt(result, this::formField, () -> {
                    try {
                        return emergencies.raise(caller, order(caller, form, contents(form, file)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(e -> "redirect:/emergencies/" + e.id())
                .orElseGet(() -> form(model, form, false));
    }

    /**
     * Called by the form's script once confirmed, with the recording as the raw body (XHR, for upload progress)
     * and the form's other fields in the query: measured while it arrives, the emergency raised once it is
     * ready. Answers JSON: the emergency's id (201), or what is wrong in the caller's language.
     */
    @PostMapping("/new/stream")
    @ResponseBody
    ResponseEntity<Map<String, Object>> raiseStreamed(
            @ModelAttribute("form") EmergencyForm form,
            BindingResult result,
            @RequestParam(required = false) String name,
            HttpServletRequest request)
            throws IOException {
        Caller caller = CurrentCaller.get();
        return answered(
                HttpStatus.CREATED, () -> streamed.raise(caller, order(caller, form, List.of()), name, request));
    }

    /**
     * Called by the detail page's *Cập nhật* once a recording is made or picked: as {@code PUT
     * /api/v1/emergencies/{id}/content/stream} (the same checks, before the body is read), for the page's session,
     * which the stateless API does not take. Answers JSON as {@link #raiseStreamed}.
     */
    @PostMapping("/{id}/content/stream")
    @ResponseBody
    ResponseEntity<Map<String, Object>> replaceStreamed(
            @PathVariable UUID id, @RequestParam(required = false) String name, HttpServletRequest request)
            throws IOException {
        Caller caller = CurrentCaller.get();
        return answered(HttpStatus.OK, () -> streamed.replace(caller, id, name, request));
    }

    /** What a streamed recording's script reads: the emergency, or what is wrong in the caller's language. */
    private ResponseEntity<Map<String, Object>> answered(HttpStatus status, StreamedChange change) throws IOException {
        try {
            Emergency emergency = change.apply();
            return ResponseEntity.status(status)
                    .body(Map.of(
                            "id", emergency.id(), "state", emergency.state().name()));
        } catch (ProblemException e) {
            List<String> said = new ArrayList<>();
            e.fieldProblems().forEach(p -> said.add(message(p.messageKey(), p.args())));
            if (said.isEmpty()) {
                said.add(message(e.messageKey(), e.args()));
            }
            return ResponseEntity.status(ProblemStatus.of(e)).body(Map.of("message", String.join(" ", said)));
        }
    }

    @FunctionalInterface
    private interface StreamedChange {
        Emergency apply() throws IOException;
    }

    private String message(String key, Object[] args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    @GetMapping("/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Caller caller = CurrentCaller.get();
        Emergency emergency = emergencies.get(caller, id);
        EmergencyForm form = new EmergencyForm();
        return detail(model, caller, emergency, form);
    }

    /** The live part of the page: counts and the board, polled by htmx every two seconds. */
    @GetMapping("/{id}/board")
    String board(@PathVariable UUID id, Model model) {
        Caller caller = CurrentCaller.get();
        Emergency emergency = emergencies.get(caller, id);
        model.addAttribute("emergency", emergency);
        model.addAttribute("board", emergencies.board(caller, id));
        model.addAttribute("zone", zone(emergency));
        return "emergencies/detail :: board";
    }

    @PostMapping("/{id}/stop")
    String stop(@PathVariable UUID id, @ModelAttribute("form") EmergencyForm form, BindingResult result, Model model) {
        Caller caller = CurrentCaller.get();
        return RefusedChange.attempt(result, f -> f, () -> emergencies.stop(caller, id, form.reason))
                .map(e -> "redirect:/emergencies/" + id)
                .orElseGet(() -> detail(model, caller, emergencies.get(caller, id), form));
    }

    @PostMapping("/{id}/content")
    String update(
            @PathVariable UUID id,
            @ModelAttribute("form") EmergencyForm form,
            BindingResult result,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model) {
        Caller caller = CurrentCaller.get();
        return RefusedChange.attempt(result, this::formField, () -> {
                    try {
                        return emergencies.replaceContent(caller, id, contents(form, file));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(e -> "redirect:/emergencies/" + id)
                .orElseGet(() -> detail(model, caller, emergencies.get(caller, id), form));
    }

    // ---------------------------------------------------------------- the form and the page

    private String form(Model model, EmergencyForm form, boolean review) {
        Caller caller = CurrentCaller.get();
        List<AreaChoice> choices = areas.choicesFor(caller);
        model.addAttribute("form", form);
        model.addAttribute("choices", choices);
        model.addAttribute("voices", emergencies.voices());
        model.addAttribute("airable", airable(caller));
        model.addAttribute("review", review);
        model.addAttribute(
                "targetNames",
                choices.stream()
                        .filter(c -> form.areaIds.contains(c.id()))
                        .map(AreaChoice::name)
                        .collect(Collectors.joining(", ")));
        return "emergencies/new";
    }

    private String detail(Model model, Caller caller, Emergency emergency, EmergencyForm form) {
        model.addAttribute("emergency", emergency);
        model.addAttribute("board", emergencies.board(caller, emergency.id()));
        model.addAttribute("operable", Emergencies.operable(caller, emergency));
        model.addAttribute("zone", zone(emergency));
        model.addAttribute("form", form);
        model.addAttribute("voices", emergencies.voices());
        model.addAttribute("airable", airable(caller));
        model.addAttribute(
                "areaNames",
                emergency.areas().stream()
                        .map(t -> areas.find(t.areaId()).map(Area::name).orElse("?"))
                        .collect(Collectors.joining(", ")));
        return "emergencies/detail";
    }

    private List<Airable> airable(Caller caller) {
        List<Airable> found = new ArrayList<>();
        for (Bulletin b : bulletins
                .search(caller, new BulletinQuery(null, BulletinStatus.APPROVED, null, null, null, null, 0, 100))
                .getContent()) {
            if (b.audioAssetId() != null) {
                found.add(new Airable(b.id(), b.title()));
            }
        }
        return found;
    }

    private ZoneId zone(Emergency emergency) {
        return areas.find(emergency.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }

    /** The service's field names as the form's: the same but for the repeat. */
    private String formField(String field) {
        if (field == null) {
            return null;
        }
        if (field.startsWith("areaIds")) {
            return "areaIds";
        }
        return switch (field) {
            case "repeatEveryMinutes" -> "repeatEvery";
            case "bulletinId", "text", "voice", "title", "endsAt", "reason" -> field;
            case "file", "body" -> "what";
            default -> null;
        };
    }

    private EmergencyOrder order(Caller caller, EmergencyForm form, List<EmergencyContent> contents) {
        ZoneId zone = form.areaIds.isEmpty()
                ? Area.DEFAULT_ZONE
                : areas.find(form.areaIds.get(0)).map(Area::zone).orElse(Area.DEFAULT_ZONE);
        OffsetDateTime endsAt = form.repeat ? localInstant(form.endsAt, zone) : null;
        if (form.repeat && endsAt == null) {
            throw EmergencyInput.invalid("endsAt", "emergency.invalid-instant");
        }
        EmergencyOrder order =
                EmergencyInput.order(form.title, contents, form.areaIds, null, form.repeat ? form.repeatEvery : null);
        return new EmergencyOrder(
                order.title(),
                order.source(),
                order.contents(),
                order.areaIds(),
                order.deviceIds(),
                order.priority(),
                order.issuedAt(),
                endsAt,
                order.repeatEvery());
    }

    private static List<EmergencyContent> contents(EmergencyForm form, MultipartFile file) throws IOException {
        if ("RECORD".equals(form.what)) {
            if (file == null || file.isEmpty()) {
                throw EmergencyInput.invalid("what", "emergency.content-required");
            }
            return EmergencyApi.recording(file);
        }
        if ("BULLETIN".equals(form.what)) {
            return EmergencyInput.content(null, null, form.bulletinId);
        }
        return EmergencyInput.content(form.text, form.voice, null);
    }

    /** A datetime-local value ("2026-12-04T18:00"), read in the area's zone; an offset is kept when given. */
    private static OffsetDateTime localInstant(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).atZone(zone).toOffsetDateTime();
        } catch (DateTimeException local) {
            return EmergencyInput.endsAt(text);
        }
    }
}
