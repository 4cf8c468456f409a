package org.openloa.cms.area.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaChoice;
import org.openloa.cms.area.AreaDraft;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.RefusedChange;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import org.springframework.web.multipart.MultipartFile;

@Controller
@RequestMapping("/areas")
class AreaPages {

    private final AreaService areas;
    private final MessageSource messages;

    AreaPages(AreaService areas, MessageSource messages) {
        this.areas = areas;
        this.messages = messages;
    }

    /** The form's fields, kept when a submission is refused so nothing typed is lost. */
    static final class AreaForm {
        @NotBlank
        @Size(max = 64)
        public String code;

        @NotBlank
        @Size(max = 255)
        public String name;

        /** A level's code, chosen from the list (no default: the level is the administrator's choice). */
        @NotBlank
        public String kind;

        public UUID parentId;
        public String timeZone;
    }

    /** The forms bind to their fields: they are plain holders of what was typed. */
    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(Model model) {
        return list(model, new LevelForm());
    }

    /** The page; {@code levelForm} is the new level as typed (kept, with its errors, when refused). */
    private String list(Model model, LevelForm levelForm) {
        Caller caller = CurrentCaller.get();
        List<Area> visible = areas.visibleTo(caller);
        model.addAttribute("areas", AreaChoice.of(visible));
        model.addAttribute("names", AreaService.namesOf(visible));
        model.addAttribute("levelNames", levelNames());
        if (caller.has(Role.ADMIN) && caller.isNational()) {
            model.addAttribute("levels", areas.levels());
            model.addAttribute("levelForm", levelForm);
        }
        return "areas/list";
    }

    /** A new level, as the section of the areas page a national administrator fills in. */
    static final class LevelForm {
        public String code;
        public String nameVi;
        public String nameEn;
    }

    @InitBinder("levelForm")
    void bindLevelFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @PostMapping("/levels")
    String addLevel(@ModelAttribute("levelForm") LevelForm levelForm, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        () -> areas.addLevel(CurrentCaller.get(), levelForm.code, levelForm.nameVi, levelForm.nameEn))
                .map(saved -> "redirect:/areas?saved#levels")
                .orElseGet(() -> list(model, levelForm));
    }

    /** Each level's name in the page's language, by code (an area's chip, the form's choice). */
    private Map<String, String> levelNames() {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> names = new LinkedHashMap<>();
        areas.levels().forEach(l -> names.put(l.code(), l.name(locale)));
        return names;
    }

    @GetMapping("/new")
    String newArea(Model model, @RequestParam(required = false) UUID parentId) {
        AreaForm form = new AreaForm();
        form.parentId = parentId;
        return form(model, null, form);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") AreaForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        () -> areas.create(
                                CurrentCaller.get(),
                                new AreaDraft(form.code, form.name, form.kind, form.parentId, form.timeZone)))
                .map(saved -> "redirect:/areas?saved")
                .orElseGet(() -> form(model, null, form));
    }

    @GetMapping("/{id}")
    String edit(@PathVariable UUID id, Model model) {
        Area area = areas.get(CurrentCaller.get(), id);
        AreaForm form = new AreaForm();
        form.code = area.code();
        form.name = area.name();
        form.kind = area.kind();
        form.timeZone = area.zone().getId();
        return form(model, area, form);
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, @Valid @ModelAttribute("form") AreaForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        () -> areas.update(
                                CurrentCaller.get(),
                                id,
                                new AreaDraft(form.code, form.name, form.kind, null, form.timeZone)))
                .map(saved -> "redirect:/areas?saved")
                .orElseGet(() -> form(model, areas.get(CurrentCaller.get(), id), form));
    }

    @PostMapping("/{id}/retire")
    String retire(@PathVariable UUID id, @RequestParam(required = false) UUID successorId) {
        areas.retire(CurrentCaller.get(), id, null, successorId);
        return "redirect:/areas?saved";
    }

    @PostMapping("/{id}/reinstate")
    String reinstate(@PathVariable UUID id) {
        areas.reinstate(CurrentCaller.get(), id);
        return "redirect:/areas?saved";
    }

    @GetMapping("/import")
    String importPage() {
        return "areas/import";
    }

    @PostMapping("/import")
    String importCsv(
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String text,
            Model model)
            throws IOException {
        String csv = file != null && !file.isEmpty()
                ? new String(file.getBytes(), StandardCharsets.UTF_8)
                : text == null ? "" : text;
        model.addAttribute(
                "report",
                AreaApi.view(areas.importCsv(CurrentCaller.get(), csv), messages, LocaleContextHolder.getLocale()));
        return "areas/import";
    }

    private String form(Model model, Area area, AreaForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("area", area);
        model.addAttribute("form", form);
        model.addAttribute("parents", areas.choicesFor(caller));
        model.addAttribute("national", caller.isNational());
        model.addAttribute("levelNames", levelNames());
        return "areas/form";
    }
}
