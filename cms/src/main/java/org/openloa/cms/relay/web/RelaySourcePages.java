package org.openloa.cms.relay.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.cms.relay.RelayFallbackService;
import org.openloa.cms.relay.RelayProbes;
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
    private final RelayFallbackService fallbacks;
    private final RelayProbes probes;
    private final BulletinService bulletins;
    private final Clock clock;
    private final org.openloa.cms.device.DeviceService devices;
    private final PlayLogs playLogs;

    RelaySourcePages(
            RelaySourceService sources,
            AreaService areas,
            RelayFallbackService fallbacks,
            RelayProbes probes,
            BulletinService bulletins,
            Clock clock,
            org.openloa.cms.device.DeviceService devices,
            PlayLogs playLogs) {
        this.devices = devices;
        this.playLogs = playLogs;
        this.sources = sources;
        this.areas = areas;
        this.fallbacks = fallbacks;
        this.probes = probes;
        this.bulletins = bulletins;
        this.clock = clock;
    }

    /** The fallback form: the approved bulletin picked (empty: drop the area's own choice). */
    static final class FallbackForm {
        public UUID bulletinId;
    }

    @InitBinder("fallbackForm")
    void bindFallback(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    /** The caller's own area's fallback bulletin (bản tin dự phòng): an ADMIN or OPERATOR of it picks one. */
    @PostMapping("/fallback")
    String chooseFallback(@ModelAttribute("fallbackForm") FallbackForm form, BindingResult result, Model model) {
        Caller caller = CurrentCaller.get();
        if (caller.areaId() == null) {
            throw ProblemException.forbidden();
        }
        if (form.bulletinId == null) {
            fallbacks.clear(caller, caller.areaId());
            return "redirect:/relay-sources?fallback";
        }
        return RefusedChange.attempt(result, () -> fallbacks.choose(caller, caller.areaId(), form.bulletinId))
                .map(chosen -> "redirect:/relay-sources?fallback")
                .orElseGet(() -> {
                    SourceForm sourceForm = new SourceForm();
                    sourceForm.areaId = caller.areaId();
                    return list(model, sourceForm);
                });
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

    /**
     * Relay compliance of one device or of the devices under one area, over the last 7 days: minutes relayed
     * (on air minus lost to the source) against minutes scheduled, as a card the device and area pages load.
     */
    @GetMapping("/compliance")
    String compliance(
            @org.springframework.web.bind.annotation.RequestParam(required = false) UUID deviceId,
            @org.springframework.web.bind.annotation.RequestParam(required = false) UUID areaId,
            Model model) {
        Caller caller = CurrentCaller.get();
        java.util.Collection<UUID> deviceIds;
        if (deviceId != null) {
            deviceIds = java.util.List.of(devices.get(caller, deviceId).id());
        } else {
            Area area = areaId == null ? null : areas.get(caller, areaId);
            deviceIds = devices.namesUnder(area == null ? caller.scopePath() : area.path())
                    .keySet();
        }
        Instant now = clock.instant();
        java.util.List<PlayLogs.Relayed> relays = playLogs.relayed(deviceIds, now.minus(Duration.ofDays(7)), now);
        long scheduled = relays.stream().mapToLong(PlayLogs.Relayed::seconds).sum();
        long lost = relays.stream().mapToLong(PlayLogs.Relayed::lostSeconds).sum();
        model.addAttribute("scheduledMinutes", (scheduled + 59) / 60);
        model.addAttribute("relayedMinutes", (scheduled - lost) / 60);
        model.addAttribute("lostMinutes", (lost + 59) / 60);
        model.addAttribute("percent", scheduled == 0 ? 100 : (scheduled - lost) * 100 / scheduled);
        model.addAttribute("any", !relays.isEmpty());
        return "relay/compliance :: compliance";
    }

    /**
     * The relay sources that failed their check before air (slots from an hour ago to a day ahead), in the
     * caller's reach or under one area: a card the dashboard and the area's calendar load; nothing when none.
     */
    @GetMapping("/warnings")
    String warnings(@org.springframework.web.bind.annotation.RequestParam(required = false) UUID areaId, Model model) {
        Caller caller = CurrentCaller.get();
        Instant now = clock.instant();
        model.addAttribute(
                "warnings",
                probes.warnings(caller, areaId, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))));
        model.addAttribute(
                "zone",
                areaId != null
                        ? areas.get(caller, areaId).zone()
                        : caller.areaId() != null
                                ? areas.get(caller, caller.areaId()).zone()
                                : Area.DEFAULT_ZONE);
        return "relay/warnings :: warnings";
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
        Instant now = clock.instant();
        // Sources that failed their check for slots from an hour ago to a day ahead, in the caller's reach.
        model.addAttribute(
                "warnings",
                probes.warnings(caller, null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))));
        model.addAttribute(
                "zone",
                caller.areaId() != null ? areas.get(caller, caller.areaId()).zone() : Area.DEFAULT_ZONE);
        if (caller.areaId() != null) {
            Area own = areas.get(caller, caller.areaId());
            model.addAttribute("ownArea", own);
            model.addAttribute("fallback", fallbacks.of(caller, own.id()));
            model.addAttribute("mayChoose", RelayFallbackService.mayChoose(caller, own));
            if (!model.containsAttribute("fallbackForm")) {
                FallbackForm fallbackForm = new FallbackForm();
                fallbackForm.bulletinId = fallbacks
                        .of(caller, own.id())
                        .own()
                        .map(RelayFallbackService.Choice::bulletinId)
                        .orElse(null);
                model.addAttribute("fallbackForm", fallbackForm);
            }
            model.addAttribute(
                    "approved",
                    RelayFallbackService.mayChoose(caller, own)
                            ? bulletins
                                    .search(
                                            caller,
                                            new BulletinQuery(
                                                    null, BulletinStatus.APPROVED, null, null, null, null, 0, 100))
                                    .getContent()
                                    .stream()
                                    .filter(b -> b.audioAssetId() != null)
                                    .toList()
                            : java.util.List.of());
        }
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
