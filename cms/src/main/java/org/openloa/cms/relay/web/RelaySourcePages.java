package org.openloa.cms.relay.web;

import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.cms.relay.RelaySourceDraft;
import org.openloa.cms.relay.RelaySourceService;
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

/**
 * The relay sources page (phone first: a list of cards, one form below), the edit page of one source, and the
 * picker the broadcast form loads beside its stream URL.
 */
@Controller
@RequestMapping("/relay-sources")
class RelaySourcePages {

    private final RelaySourceService sources;
    private final AreaService areas;

    RelaySourcePages(RelaySourceService sources, AreaService areas) {
        this.sources = sources;
        this.areas = areas;
    }

    /** The form's fields, as the browser sends them (text: a bad value is the service's to refuse). */
    static final class SourceForm {
        public UUID areaId;
        public String name;
        public String url;

        RelaySourceDraft draft() {
            return new RelaySourceDraft(areaId, name, url);
        }
    }

    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(Model model) {
        SourceForm form = new SourceForm();
        form.areaId = CurrentCaller.get().areaId();
        return list(model, form);
    }

    @PostMapping
    String create(@ModelAttribute("form") SourceForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(result, () -> sources.create(CurrentCaller.get(), form.draft()))
                .map(created -> "redirect:/relay-sources?saved")
                .orElseGet(() -> list(model, form));
    }

    @GetMapping("/{id}")
    String edit(@PathVariable UUID id, Model model) {
        RelaySourceService.Listed listed = sources.get(CurrentCaller.get(), id);
        SourceForm form = new SourceForm();
        form.areaId = listed.area().id();
        form.name = listed.source().name();
        form.url = listed.source().url();
        return edit(model, listed, form);
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @ModelAttribute("form") SourceForm form, BindingResult result, Model model) {
        Caller caller = CurrentCaller.get();
        RelaySourceService.Listed listed = sources.get(caller, id);
        return RefusedChange.attempt(result, () -> sources.update(caller, id, form.draft()))
                .map(changed -> "redirect:/relay-sources?saved")
                .orElseGet(() -> edit(model, listed, form));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id) {
        sources.delete(CurrentCaller.get(), id);
        return "redirect:/relay-sources?deleted";
    }

    /** The broadcast form's picker: the sources the caller sees, each carrying its URL for static/js/relay-picker.js. */
    @GetMapping("/picker")
    String picker(Model model) {
        model.addAttribute("sources", sources.visibleTo(CurrentCaller.get()));
        return "relay/picker :: picker";
    }

    private String list(Model model, SourceForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("form", form);
        model.addAttribute("sources", sources.visibleTo(caller));
        model.addAttribute("mayKeep", RelaySourceService.mayKeep(caller));
        model.addAttribute("areas", areas.choicesFor(caller));
        return "relay/list";
    }

    private String edit(Model model, RelaySourceService.Listed listed, SourceForm form) {
        if (!listed.changeable()) {
            throw ProblemException.forbidden();
        }
        model.addAttribute("form", form);
        model.addAttribute("source", listed);
        model.addAttribute("areas", areas.choicesFor(CurrentCaller.get()));
        return "relay/edit";
    }
}
