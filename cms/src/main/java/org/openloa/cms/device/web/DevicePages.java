package org.openloa.cms.device.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaChoice;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.AgentReleases;
import org.openloa.cms.device.CommandType;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceCommand;
import org.openloa.cms.device.DeviceCommands;
import org.openloa.cms.device.DeviceDraft;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.device.EnrolmentCode;
import org.openloa.cms.device.Tags;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The devices pages, made for an operator on a phone: a list of cards (status, last contact, what plays, agent,
 * disk, cache, volume) filtered by area and status; a device's page with the same and its settings, today's plan,
 * its recent commands and the buttons to send one; and the enrolment code of a new or replaced box.
 *
 * <p>Buttons are shown to an ADMIN or OPERATOR of the device's area only, and the services refuse everyone else
 * (a forged POST by a viewer is 403, a device outside the caller's areas 404), so hiding them is a courtesy.
 *
 * <p>An enrolment code is a secret that the server keeps only as a hash: it travels from the POST that issued it
 * to the page that shows it as a flash attribute (held server-side for that one redirect, never in a URL), so
 * reloading the page, or coming back to it, never shows it again.
 */
@Controller
@RequestMapping("/devices")
class DevicePages {

    static final int RECENT_COMMANDS = 10;

    private final DeviceService devices;
    private final DeviceCommands commands;
    private final AgentReleases releases;
    private final AreaService areas;
    private final MessageSource messages;
    private final Clock clock;

    DevicePages(
            DeviceService devices,
            DeviceCommands commands,
            AgentReleases releases,
            AreaService areas,
            MessageSource messages,
            Clock clock) {
        this.releases = releases;
        this.devices = devices;
        this.commands = commands;
        this.areas = areas;
        this.messages = messages;
        this.clock = clock;
    }

    /** The form's fields, kept when a submission is refused so nothing typed is lost. */
    static final class DeviceForm {
        @NotBlank
        @Size(max = 255)
        public String name;

        @NotNull
        public UUID areaId;

        public String tags;
        public Double lat;
        public Double lon;
        public Integer volume = Device.DEFAULT_VOLUME;
        public Integer pollSeconds = Device.DEFAULT_POLL_SECONDS;

        DeviceDraft draft() {
            return new DeviceDraft(name, areaId, List.copyOf(Tags.parse(tags, "tags")), lat, lon, volume, pollSeconds);
        }

        static DeviceForm of(Device device) {
            DeviceForm form = new DeviceForm();
            form.name = device.name();
            form.areaId = device.areaId();
            form.tags = String.join(", ", device.tags());
            form.lat = device.lat();
            form.lon = device.lon();
            form.volume = device.volume();
            form.pollSeconds = device.pollSeconds();
            return form;
        }
    }

    /**
     * A device as shown: its status at this moment and what it last reported, times in its area's zone (never the
     * server's).
     */
    record DeviceView(
            Device device,
            String areaName,
            DeviceStatus status,
            ZonedDateTime lastSeen,
            String playing,
            Double freeGigabytes) {

        static DeviceView of(Device device, Area area, Instant now) {
            ZoneId zone = area == null ? Area.DEFAULT_ZONE : area.zone();
            return new DeviceView(
                    device,
                    area == null ? "" : area.name(),
                    device.statusAt(now),
                    local(device.lastSeenAt(), zone),
                    device.playingItemId(),
                    device.freeBytes() == null ? null : device.freeBytes() / 1e9);
        }
    }

    /** A command as listed: pending until the device acknowledges it in a heartbeat. */
    record CommandView(DeviceCommand command, ZonedDateTime issuedAt, ZonedDateTime acknowledgedAt) {}

    /** What the installer needs, shown once: the code, its expiry, the QR of the code, and the server's address. */
    record EnrolmentView(String code, ZonedDateTime expiresAt, String qrSvg, String serverUrl) {}

    /** The form binds to its fields: it is a plain holder of what was typed. */
    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    private static final String NOT_ENROLLED = "NOT_ENROLLED";

    /**
     * The status filter offers what the cards' badges say: "not enrolled" (never heard from, and no box ever took
     * its code) apart from "never seen" (enrolled, not heard from since), then online, offline, retired.
     */
    static final List<String> FILTER_CHOICES = List.of(NOT_ENROLLED, "NEVER_SEEN", "ONLINE", "OFFLINE", "RETIRED");

    @GetMapping
    String list(
            @RequestParam(required = false) UUID areaId, @RequestParam(required = false) String status, Model model) {
        Caller caller = CurrentCaller.get();
        String choice = status == null || status.isBlank() ? null : status;
        if (choice != null && !FILTER_CHOICES.contains(choice)) {
            throw ProblemException.badRequest("invalid-parameter", "problem.invalid-parameter", "status");
        }
        DeviceStatus asked = choice == null
                ? null
                : choice.equals(NOT_ENROLLED) ? DeviceStatus.NEVER_SEEN : DeviceStatus.valueOf(choice);
        List<Area> visible = areas.visibleTo(caller);
        Map<UUID, Area> byId = new HashMap<>();
        visible.forEach(a -> byId.put(a.id(), a));
        Instant now = clock.instant();
        model.addAttribute(
                "devices",
                devices.list(caller, new DeviceQuery(areaId, asked, null, false)).stream()
                        .filter(d -> asked != DeviceStatus.NEVER_SEEN || d.enrolled() != NOT_ENROLLED.equals(choice))
                        .map(d -> DeviceView.of(d, byId.get(d.areaId()), now))
                        .toList());
        model.addAttribute("areas", AreaChoice.of(visible));
        model.addAttribute("areaId", areaId);
        model.addAttribute("status", choice);
        model.addAttribute("statuses", FILTER_CHOICES);
        model.addAttribute("canEdit", DeviceService.canChange(caller));
        return "devices/list";
    }

    @GetMapping("/new")
    String newDevice(@RequestParam(required = false) UUID areaId, Model model) {
        DeviceForm form = new DeviceForm();
        form.areaId = areaId != null ? areaId : CurrentCaller.get().areaId();
        return form(model, form);
    }

    /** Creates the device, then issues its first enrolment code and shows it once on the device's page. */
    @PostMapping
    String create(
            @Valid @ModelAttribute("form") DeviceForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        Caller caller = CurrentCaller.get();
        return RefusedChange.attempt(result, () -> devices.create(caller, form.draft()))
                .map(device -> {
                    redirect.addFlashAttribute(
                            "enrolment", enrolment(devices.issueEnrolmentCode(caller, device.id()), device));
                    return "redirect:/devices/" + device.id();
                })
                .orElseGet(() -> form(model, form));
    }

    @GetMapping("/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Device device = devices.get(CurrentCaller.get(), id);
        return detail(model, device, DeviceForm.of(device));
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, @Valid @ModelAttribute("form") DeviceForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(result, () -> devices.update(CurrentCaller.get(), id, form.draft()))
                .map(saved -> "redirect:/devices/" + id + "?saved")
                .orElseGet(() -> detail(model, devices.get(CurrentCaller.get(), id), form));
    }

    @PostMapping("/{id}/retire")
    String retire(@PathVariable UUID id) {
        devices.retire(CurrentCaller.get(), id);
        return "redirect:/devices?saved";
    }

    /** A new one-time code, e.g. for a replacement box: the old code stops working, the box enrolled keeps going. */
    @PostMapping("/{id}/enrolment")
    String newEnrolmentCode(@PathVariable UUID id, RedirectAttributes redirect) {
        Caller caller = CurrentCaller.get();
        EnrolmentCode code = devices.issueEnrolmentCode(caller, id);
        redirect.addFlashAttribute("enrolment", enrolment(code, devices.get(caller, id)));
        return "redirect:/devices/" + id;
    }

    /**
     * Sends a command. The page's buttons post here with htmx and swap in the commands list of the page this
     * redirects to; without script the browser simply follows the redirect. A refusal of the rules (a device
     * retired meanwhile) comes back as a message on the page; 403 and 404 are answered as such.
     */
    @PostMapping("/{id}/commands")
    String command(
            @PathVariable UUID id,
            @RequestParam CommandType type,
            @RequestParam(required = false) Integer volume,
            @RequestParam(required = false) String version,
            RedirectAttributes redirect) {
        Map<String, String> args = type == CommandType.SET_VOLUME && volume != null
                ? Map.of("volume", Integer.toString(volume))
                : type == CommandType.UPGRADE && version != null ? Map.of("version", version) : Map.of();
        try {
            commands.issue(CurrentCaller.get(), id, type, args);
            redirect.addFlashAttribute("sent", type);
        } catch (ProblemException e) {
            if (e.kind() == RefusalKind.NOT_FOUND || e.kind() == RefusalKind.FORBIDDEN) {
                throw e;
            }
            redirect.addFlashAttribute("commandError", message(e));
        }
        return "redirect:/devices/" + id + "#commands";
    }

    private String detail(Model model, Device device, DeviceForm form) {
        Caller caller = CurrentCaller.get();
        Area area = areas.find(device.areaId()).orElse(null);
        ZoneId zone = area == null ? Area.DEFAULT_ZONE : area.zone();
        boolean canEdit = DeviceService.canChange(caller) && !device.retired();
        model.addAttribute("view", DeviceView.of(device, area, clock.instant()));
        model.addAttribute("device", device);
        model.addAttribute("form", form);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("canEdit", canEdit);
        model.addAttribute("buttons", List.of(CommandType.SYNC_NOW, CommandType.STOP, CommandType.RESTART_AGENT));
        model.addAttribute("releases", releases.list());
        model.addAttribute(
                "commands",
                commands.recent(caller, device.id(), RECENT_COMMANDS).stream()
                        .map(c -> new CommandView(c, local(c.issuedAt(), zone), local(c.acknowledgedAt(), zone)))
                        .toList());
        model.addAttribute("retiredOn", local(device.retiredAt(), zone));
        return "devices/detail";
    }

    private String form(Model model, DeviceForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("form", form);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("canEdit", DeviceService.canChange(caller));
        return "devices/form";
    }

    private EnrolmentView enrolment(EnrolmentCode code, Device device) {
        ZoneId zone = areas.find(device.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
        String label = messages.getMessage("devices.enrolment.qr", null, LocaleContextHolder.getLocale());
        return new EnrolmentView(
                code.code(),
                local(code.expiresAt(), zone),
                EnrolmentQr.svg(code.code(), label),
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .replaceQuery(null)
                        .toUriString());
    }

    private String message(ProblemException e) {
        return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), LocaleContextHolder.getLocale());
    }

    private static ZonedDateTime local(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone);
    }
}
