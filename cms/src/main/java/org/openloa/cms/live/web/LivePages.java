package org.openloa.cms.live.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.live.LiveService;
import org.openloa.cms.problem.RefusedChange;
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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The *Phát trực tiếp* page (phone first): choose the areas (own by default), the priority and a title, start;
 * then the session's page takes the microphone (static/js/live.js: MediaRecorder over a WebSocket), shows the
 * level, the elapsed time and the loudspeakers that joined, and ends it.
 */
@Controller
@RequestMapping("/live")
class LivePages {

    private final LiveService live;
    private final AreaService areas;

    LivePages(LiveService live, AreaService areas) {
        this.live = live;
        this.areas = areas;
    }

    /** The form's fields, as the browser sends them. */
    static final class StartForm {
        public List<UUID> areaIds = new ArrayList<>();
        public String priority = "PRIORITY";
        public String title;
    }

    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String start(Model model) {
        StartForm form = new StartForm();
        Caller caller = CurrentCaller.get();
        if (caller.areaId() != null) {
            form.areaIds.add(caller.areaId());
        }
        return start(model, form);
    }

    @PostMapping
    String start(@ModelAttribute("form") StartForm form, BindingResult result, Model model) {
        URI base =
                URI.create(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        return RefusedChange.attempt(
                        result, () -> live.start(CurrentCaller.get(), form.areaIds, form.priority, form.title, base))
                .map(started -> "redirect:/live/" + started.session().id())
                .orElseGet(() -> start(model, form));
    }

    @GetMapping("/{id}")
    String session(@PathVariable UUID id, Model model) {
        // Not "session": in Thymeleaf that name is the HTTP session's attributes.
        model.addAttribute("liveSession", live.get(CurrentCaller.get(), id));
        return "live/session";
    }

    /** What the session's page polls: state, bytes in, loudspeakers joined. */
    @GetMapping("/{id}/status")
    @ResponseBody
    LiveService.View status(@PathVariable UUID id) {
        return live.get(CurrentCaller.get(), id);
    }

    @PostMapping("/{id}/end")
    String end(@PathVariable UUID id) {
        live.end(CurrentCaller.get(), id);
        return "redirect:/live/" + id;
    }

    private String start(Model model, StartForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("form", form);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("mayOperate", caller.mayOperate());
        model.addAttribute("sessions", live.latest(caller, 10));
        return "live/start";
    }
}
