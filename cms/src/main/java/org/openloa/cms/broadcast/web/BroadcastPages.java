package org.openloa.cms.broadcast.web;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastOffer;
import org.openloa.cms.broadcast.BroadcastQuery;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.OfferState;
import org.openloa.cms.broadcast.Outcome;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
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

/**
 * The broadcast pages: the list, the form (bulletins, targets, schedule) with a live preview of the next
 * occurrences in the area's local time and of the conflicts before saving, and the inbox of content the
 * province offers.
 */
@Controller
@RequestMapping("/broadcasts")
class BroadcastPages {

    private final BroadcastService broadcasts;
    private final BulletinService bulletins;
    private final AreaService areas;
    private final MessageSource messages;
    private final Clock clock;

    BroadcastPages(
            BroadcastService broadcasts,
            BulletinService bulletins,
            AreaService areas,
            MessageSource messages,
            Clock clock) {
        this.broadcasts = broadcasts;
        this.bulletins = bulletins;
        this.areas = areas;
        this.messages = messages;
        this.clock = clock;
    }

    /** A broadcast as listed: its start in its owner's zone, and its state as a person reads it. */
    record Row(Broadcast broadcast, String owner, ZonedDateTime startsAt, BroadcastState state) {}

    /**
     * The state a person reads. The broadcast stays ACTIVE until its end trigger fires at {@code endsAt}, which
     * is its last occurrence's end plus the delay a late box may still play it (and an hour for an emergency,
     * see BroadcastTimes.span): a one-off that finished twenty minutes ago is over for the officer, so it says
     * ENDED from the end of its last occurrence. An instant needs no zone: the end is the same moment anywhere.
     */
    static BroadcastState shownState(Broadcast broadcast, Instant now) {
        if (broadcast.state() != BroadcastState.ACTIVE || broadcast.endsAt() == null) {
            return broadcast.state();
        }
        Duration tail = broadcast
                .maxDelay()
                .plus(broadcast.priority() == Priority.EMERGENCY ? Duration.ofHours(1) : Duration.ZERO);
        return now.isBefore(broadcast.endsAt().minus(tail)) ? BroadcastState.ACTIVE : BroadcastState.ENDED;
    }

    /** An offer to one commune, what it offers, from whom, and when it would next play. */
    record InboxEntry(
            BroadcastOffer offer, Broadcast broadcast, String commune, String from, List<Outcome.Occurrence> next) {}

    /** A bulletin the form offers to schedule. */
    record Airable(UUID id, String title, String priority) {}

    /** A commune the broadcast is offered to, and what it decided. */
    record OfferRow(BroadcastOffer offer, String commune) {}

    /** The form binds to its fields: it is a plain holder of what was typed. */
    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID areaId, Model model) {
        Caller caller = CurrentCaller.get();
        Instant now = clock.instant();
        model.addAttribute(
                "rows",
                broadcasts.list(caller, new BroadcastQuery(areaId, null, null)).stream()
                        .map(b -> new Row(
                                b,
                                areaName(b.areaId()),
                                b.startsAt() == null ? null : b.startsAt().atZone(zoneOf(b.areaId())),
                                shownState(b, now)))
                        .toList());
        model.addAttribute("areaId", areaId);
        return "broadcasts/list";
    }

    @GetMapping("/new")
    String newBroadcast(@RequestParam(required = false) UUID areaId, Model model) {
        Caller caller = CurrentCaller.get();
        BroadcastForm form = new BroadcastForm();
        form.areaId = areaId != null ? areaId : caller.areaId();
        if (form.areaId != null) {
            form.targetAreaIds.add(form.areaId);
        }
        return form(model, null, form);
    }

    @PostMapping
    String create(@ModelAttribute("form") BroadcastForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        BroadcastForm::fieldOf,
                        () -> broadcasts.create(CurrentCaller.get(), form.draft(), false))
                .map(outcome -> "redirect:/broadcasts/" + outcome.broadcast().id() + "?saved")
                .orElseGet(() -> form(model, null, form));
    }

    /** The htmx preview of a new broadcast: nothing is saved. */
    @PostMapping("/preview")
    String preview(@ModelAttribute BroadcastForm form, Model model) {
        try {
            return preview(model, broadcasts.create(CurrentCaller.get(), form.draft(), true));
        } catch (ProblemException e) {
            return previewError(model, e);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Caller caller = CurrentCaller.get();
        Broadcast broadcast = broadcasts.get(caller, id);
        return form(model, broadcast, BroadcastForm.of(broadcast, zoneOf(broadcast.firstTarget())));
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, @ModelAttribute("form") BroadcastForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        BroadcastForm::fieldOf,
                        () -> broadcasts.update(CurrentCaller.get(), id, form.draft(), false))
                .map(outcome -> "redirect:/broadcasts/" + id + "?saved")
                .orElseGet(() -> form(model, broadcasts.get(CurrentCaller.get(), id), form));
    }

    @PostMapping("/{id}/preview")
    String previewChange(@PathVariable UUID id, @ModelAttribute BroadcastForm form, Model model) {
        try {
            return preview(model, broadcasts.update(CurrentCaller.get(), id, form.draft(), true));
        } catch (ProblemException e) {
            return previewError(model, e);
        }
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id) {
        broadcasts.delete(CurrentCaller.get(), id);
        return "redirect:/broadcasts?saved";
    }

    @GetMapping("/inbox")
    String inbox(Model model) {
        Caller caller = CurrentCaller.get();
        List<BroadcastService.Offered> entries = new ArrayList<>(broadcasts.inbox(caller, null));
        entries.sort((a, b) -> Boolean.compare(
                a.offer().state() != OfferState.PENDING, b.offer().state() != OfferState.PENDING));
        model.addAttribute(
                "rows",
                entries.stream()
                        .map(entry -> new InboxEntry(
                                entry.offer(),
                                entry.broadcast(),
                                areaName(entry.offer().areaId()),
                                areaName(entry.broadcast().areaId()),
                                broadcasts.nextOccurrences(entry.broadcast(), 3)))
                        .toList());
        return "broadcasts/inbox";
    }

    @PostMapping("/{id}/accept")
    String accept(@PathVariable UUID id, @RequestParam(required = false) UUID areaId) {
        broadcasts.decide(CurrentCaller.get(), id, areaId, OfferState.ACCEPTED, null);
        return "redirect:/broadcasts/inbox?saved";
    }

    @PostMapping("/{id}/decline")
    String decline(
            @PathVariable UUID id,
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) String reason) {
        broadcasts.decide(CurrentCaller.get(), id, areaId, OfferState.DECLINED, reason);
        return "redirect:/broadcasts/inbox?saved";
    }

    // ---------------------------------------------------------------- helpers

    private String form(Model model, Broadcast broadcast, BroadcastForm form) {
        Caller caller = CurrentCaller.get();
        boolean editable = broadcast == null || BroadcastService.editable(caller, broadcast);
        model.addAttribute("broadcast", broadcast);
        model.addAttribute("form", form);
        model.addAttribute("editable", editable && (broadcast == null || broadcast.state() != BroadcastState.ENDED));
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("bulletins", airable(caller, broadcast));
        model.addAttribute("weekdays", DayOfWeek.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("states", BroadcastState.values());
        if (broadcast != null) {
            model.addAttribute("shownState", shownState(broadcast, clock.instant()));
            model.addAttribute("owner", areaName(broadcast.areaId()));
            model.addAttribute(
                    "offers",
                    broadcasts.offers(caller, broadcast).stream()
                            .map(offer -> new OfferRow(offer, areaName(offer.areaId())))
                            .toList());
            model.addAttribute("next", broadcasts.nextOccurrences(broadcast, 5));
        }
        return "broadcasts/form";
    }

    private String preview(Model model, Outcome outcome) {
        model.addAttribute("next", outcome.nextOccurrences());
        model.addAttribute("conflicts", outcome.conflicts());
        return "broadcasts/preview :: preview";
    }

    private String previewError(Model model, ProblemException e) {
        model.addAttribute("error", message(e));
        model.addAttribute("fieldErrors", fieldMessages(e));
        return "broadcasts/preview :: preview";
    }

    /** Approved bulletins with audio the caller can schedule, plus those the broadcast already plays. */
    private List<Airable> airable(Caller caller, Broadcast broadcast) {
        Map<UUID, Airable> result = new LinkedHashMap<>();
        if (broadcast != null) {
            broadcast
                    .items()
                    .forEach(i -> result.putIfAbsent(
                            i.bulletinId(),
                            new Airable(
                                    i.bulletinId(),
                                    i.title(),
                                    broadcast.priority().name())));
        }
        for (Bulletin b : bulletins
                .search(caller, new BulletinQuery(null, BulletinStatus.APPROVED, null, null, null, null, 0, 100))
                .getContent()) {
            if (b.audioAssetId() != null) {
                result.putIfAbsent(
                        b.id(), new Airable(b.id(), b.title(), b.priority().name()));
            }
        }
        return List.copyOf(result.values());
    }

    private String message(ProblemException e) {
        return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), LocaleContextHolder.getLocale());
    }

    private List<String> fieldMessages(ProblemException e) {
        Locale locale = LocaleContextHolder.getLocale();
        return e.fieldProblems().stream()
                .map(f -> labelOf(f.field(), locale)
                        + messages.getMessage(f.messageKey(), f.args(), f.messageKey(), locale))
                .distinct()
                .toList();
    }

    /** "Giờ phát: ", the field as the form labels it (never the API's "schedule.times[0]"), or nothing. */
    private String labelOf(String field, Locale locale) {
        String formField = BroadcastForm.fieldOf(field);
        if (formField == null) {
            return "";
        }
        String key = switch (formField) {
            case "title" -> "broadcasts.name";
            case "targetAreaIds", "targets.areaIds" -> "broadcasts.targets.areas";
            case "targets.tags" -> "broadcasts.targets.tags";
            case "bulletinIds" -> "broadcasts.content.bulletins";
            default -> "broadcasts." + formField;
        };
        String label = messages.getMessage(key, null, null, locale);
        return label == null ? "" : label + ": ";
    }

    private ZoneId zoneOf(UUID areaId) {
        return areas.find(areaId).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }

    private String areaName(UUID areaId) {
        return areas.find(areaId).map(Area::name).orElse("");
    }
}
