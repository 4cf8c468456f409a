package org.openloa.cms.notification.web;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.notification.Notification;
import org.openloa.cms.notification.NotificationKind;
import org.openloa.cms.notification.NotificationService;
import org.openloa.cms.notification.Preference;
import org.openloa.cms.notification.Webhook;
import org.openloa.cms.problem.ProblemException;
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
import org.springframework.web.bind.annotation.RequestParam;

/** The caller's notifications (newest first), their choices, and (ADMIN) an area's webhook. Phone first. */
@Controller
@RequestMapping("/notifications")
class NotificationPages {

    private final NotificationService notifications;
    private final AreaService areas;

    NotificationPages(NotificationService notifications, AreaService areas) {
        this.notifications = notifications;
        this.areas = areas;
    }

    /** The choices as the form sends them: the kinds ticked for each channel. */
    static final class PreferencesForm {
        public String email;
        public Set<String> enabled = new HashSet<>();
        public Set<String> byEmail = new HashSet<>();
    }

    /** An area's webhook as typed; the secret is never written back into the page. */
    static final class WebhookForm {
        public String url;
        public String secret;
        public boolean enabled = true;
    }

    @InitBinder({"form", "hook"})
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(Model model) {
        Caller caller = CurrentCaller.get();
        List<Notification> items = notifications.mine(caller, false);
        model.addAttribute("items", items);
        model.addAttribute("unread", items.stream().filter(Notification::unread).count());
        model.addAttribute("zone", zone(caller));
        model.addAttribute("admin", caller.has(Role.ADMIN));
        return "notifications/list";
    }

    /** Opens what a notification is about, marking it read on the way. */
    @GetMapping("/{id}")
    String open(@PathVariable UUID id) {
        Caller caller = CurrentCaller.get();
        Notification n = notifications.mine(caller, false).stream()
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("notification"));
        notifications.markRead(caller, id);
        return "redirect:" + n.link();
    }

    @PostMapping("/{id}/read")
    String read(@PathVariable UUID id) {
        notifications.markRead(CurrentCaller.get(), id);
        return "redirect:/notifications";
    }

    @PostMapping("/read-all")
    String readAll() {
        notifications.markAllRead(CurrentCaller.get());
        return "redirect:/notifications";
    }

    @GetMapping("/preferences")
    String preferences(Model model) {
        Caller caller = CurrentCaller.get();
        PreferencesForm form = new PreferencesForm();
        form.email = notifications.email(caller).orElse("");
        for (Preference p : notifications.preferences(caller)) {
            if (p.enabled()) {
                form.enabled.add(p.kind().name());
            }
            if (p.byEmail()) {
                form.byEmail.add(p.kind().name());
            }
        }
        return preferencesPage(model, caller, form, false);
    }

    @PostMapping("/preferences")
    String savePreferences(@ModelAttribute("form") PreferencesForm form, BindingResult result, Model model) {
        Caller caller = CurrentCaller.get();
        List<Preference> choices = new ArrayList<>();
        for (NotificationKind kind : NotificationKind.values()) {
            if (kind.concerns(caller.roles())) {
                choices.add(
                        new Preference(kind, form.enabled.contains(kind.name()), form.byEmail.contains(kind.name())));
            }
        }
        boolean saved = RefusedChange.attempt(result, () -> {
                    notifications.savePreferences(caller, form.email == null ? "" : form.email, choices);
                    return true;
                })
                .isPresent();
        return preferencesPage(model, caller, form, saved);
    }

    @GetMapping("/webhook")
    String webhook(@RequestParam(required = false) UUID area, Model model) {
        Caller caller = CurrentCaller.get();
        UUID areaId = area != null ? area : ownArea(caller);
        Webhook current = notifications.webhook(caller, areaId);
        WebhookForm hook = new WebhookForm();
        hook.url = current.url();
        hook.enabled = current.url() == null || current.enabled();
        return webhookPage(model, caller, areaId, hook, current, false);
    }

    @PostMapping("/webhook")
    String saveWebhook(
            @RequestParam UUID area, @ModelAttribute("hook") WebhookForm hook, BindingResult result, Model model) {
        Caller caller = CurrentCaller.get();
        notifications.webhook(caller, area); // 404 / 403 before anything else
        boolean saved = RefusedChange.attempt(
                        result, () -> notifications.saveWebhook(caller, area, hook.url, hook.secret, hook.enabled))
                .isPresent();
        hook.secret = null;
        return webhookPage(model, caller, area, hook, notifications.webhook(caller, area), saved);
    }

    private String preferencesPage(Model model, Caller caller, PreferencesForm form, boolean saved) {
        model.addAttribute("form", form);
        model.addAttribute(
                "kinds",
                List.of(NotificationKind.values()).stream()
                        .filter(k -> k.concerns(caller.roles()))
                        .toList());
        model.addAttribute("mailConfigured", notifications.mailConfigured());
        model.addAttribute("saved", saved);
        return "notifications/preferences";
    }

    private String webhookPage(
            Model model, Caller caller, UUID areaId, WebhookForm hook, Webhook current, boolean saved) {
        model.addAttribute("hook", hook);
        model.addAttribute("current", current);
        model.addAttribute("areaId", areaId);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("saved", saved);
        model.addAttribute("zone", zone(caller));
        return "notifications/webhook";
    }

    private UUID ownArea(Caller caller) {
        if (caller.areaId() != null) {
            return caller.areaId();
        }
        // a national administrator picks an area on the page; the first they reach is shown first
        return areas.choicesFor(caller).stream()
                .findFirst()
                .map(c -> c.id())
                .orElseThrow(() -> ProblemException.notFound("area"));
    }

    private ZoneId zone(Caller caller) {
        return caller.areaId() == null
                ? Area.DEFAULT_ZONE
                : areas.find(caller.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }
}
