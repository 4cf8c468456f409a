package org.openloa.cms.plan.web;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaChoice;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.plan.DevicePlans;
import org.openloa.cms.plan.DevicePlans.Bound;
import org.openloa.cms.plan.MissedPlays;
import org.openloa.cms.playlog.Airing;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The operator's view of time: the commune's calendar (FullCalendar, fed as the area's wall-clock times so the
 * browser's own zone plays no part), what one device plays on a day, and the plays devices missed.
 */
@Controller
class PlanPages {

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final DevicePlans plans;
    private final MissedPlays missed;
    private final AreaService areas;
    private final MessageSource messages;
    private final Clock clock;
    private final PlayLogs playLogs;
    private final DeviceService devices;

    PlanPages(
            DevicePlans plans,
            MissedPlays missed,
            AreaService areas,
            MessageSource messages,
            Clock clock,
            PlayLogs playLogs,
            DeviceService devices) {
        this.playLogs = playLogs;
        this.devices = devices;
        this.plans = plans;
        this.missed = missed;
        this.areas = areas;
        this.messages = messages;
        this.clock = clock;
    }

    /** A group of devices that play the same, offered as a filter: its first device stands for it. */
    record GroupChoice(UUID deviceId, String label) {}

    /** A missed play, its planned times in the device's area's zone. */
    record MissedRow(MissedPlays.Missed missed, ZonedDateTime start, ZonedDateTime end) {}

    // ---------------------------------------------------------------- one device's day

    @GetMapping("/devices/{id}/plan")
    String devicePlan(@PathVariable UUID id, @RequestParam(required = false) LocalDate day, Model model) {
        Caller caller = CurrentCaller.get();
        DevicePlans.DevicePlan today = plans.plan(caller, id, null, null);
        LocalDate shown =
                day != null ? day : today.window().from().atZone(today.zone()).toLocalDate();
        DevicePlans.DevicePlan plan = day == null
                ? today
                : plans.plan(caller, id, new Bound(null, shown), new Bound(null, shown.plusDays(1)));
        model.addAttribute("plan", plan);
        model.addAttribute("day", shown);
        model.addAttribute("weekday", shown.getDayOfWeek());
        model.addAttribute("previous", shown.minusDays(1));
        model.addAttribute("next", shown.plusDays(1));
        model.addAttribute(
                "areaName", areas.find(plan.device().areaId()).map(Area::name).orElse(""));
        return "devices/plan";
    }

    // ---------------------------------------------------------------- missed plays

    @GetMapping("/devices/missed")
    String missedPlays(Model model) {
        Caller caller = CurrentCaller.get();
        Map<UUID, ZoneId> zones = new HashMap<>();
        List<MissedRow> rows = new ArrayList<>();
        for (MissedPlays.Missed m : missed.list(caller, null, null, null)) {
            ZoneId zone = zones.computeIfAbsent(
                    m.areaId(), a -> areas.find(a).map(Area::zone).orElse(Area.DEFAULT_ZONE));
            rows.add(new MissedRow(
                    m, m.plannedStart().atZone(zone), m.plannedEnd().atZone(zone)));
        }
        model.addAttribute("rows", rows);
        return "devices/missed";
    }

    // ---------------------------------------------------------------- the calendar

    /**
     * The calendar opens on the area's today, or on the day asked for ({@code ?date=2027-03-12}, a link to a day).
     * The day marked as today is the area's too: the page hands the browser the area's zone (calendar.js).
     */
    @GetMapping("/calendar")
    String calendar(
            @RequestParam(required = false) UUID areaId, @RequestParam(required = false) LocalDate date, Model model) {
        Caller caller = CurrentCaller.get();
        List<AreaChoice> visible = areas.choicesFor(caller);
        if (visible.isEmpty()) {
            throw ProblemException.notFound("area");
        }
        Area area = areaId != null
                ? areas.get(caller, areaId)
                : caller.areaId() != null
                        ? areas.get(caller, caller.areaId())
                        : visible.get(0).area();
        LocalDate today = clock.instant().atZone(area.zone()).toLocalDate();
        LocalDate shown = date != null ? date : today;
        LocalDate monday = shown.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        DevicePlans.AreaCalendar week =
                plans.calendar(caller, area.id(), new Bound(null, monday), new Bound(null, monday.plusDays(7)));
        Locale locale = LocaleContextHolder.getLocale();
        List<GroupChoice> groups = week.groups().stream()
                .filter(group -> !group.deviceIds().isEmpty())
                .map(group -> new GroupChoice(group.deviceIds().get(0), label(group, locale)))
                .toList();
        model.addAttribute("area", area);
        model.addAttribute("areas", visible);
        model.addAttribute("groups", groups);
        model.addAttribute("conflicts", week.conflicts());
        model.addAttribute("today", today.toString());
        model.addAttribute("date", date == null ? null : date.toString());
        return "calendar/index";
    }

    /**
     * FullCalendar's event feed. The calendar runs in "UTC" mode and gets the area's wall-clock times without an
     * offset, so it draws 06:00 at 06:00 whatever the browser's zone; its start/end come back the same way.
     */
    @GetMapping(path = "/calendar/events", produces = "application/json")
    @ResponseBody
    List<Map<String, Object>> events(
            @RequestParam UUID areaId,
            @RequestParam(required = false) String device,
            @RequestParam String start,
            @RequestParam String end) {
        Caller caller = CurrentCaller.get();
        Area area = areas.get(caller, areaId);
        DevicePlans.AreaCalendar calendar =
                plans.calendar(caller, areaId, wallClock(start, area), wallClock(end, area));
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Map<String, Object>> events = new LinkedHashMap<>();
        Map<String, Aired> aired = new LinkedHashMap<>();
        for (DevicePlans.DeviceGroup group : calendar.groups()) {
            if (device != null
                    && !device.isBlank()
                    && group.deviceIds().stream().noneMatch(d -> d.toString().equals(device))) {
                continue;
            }
            for (DevicePlans.Entry e : group.items()) {
                String key = e.id() + " " + e.start();
                aired.computeIfAbsent(key, k -> new Aired(e)).devices.addAll(group.deviceIds());
                Map<String, Object> event = events.computeIfAbsent(
                        key,
                        k -> event(
                                e.id(),
                                e.title(),
                                e.start(),
                                e.end(),
                                e.broadcastId(),
                                e.priority().name()));
                if (e.conflict()) {
                    event.put("classNames", List.of("prio-" + e.priority(), "conflict"));
                    event.put("title", "⚠ " + e.title());
                }
                if (e.cut()) {
                    event.put("title", event.get("title") + " ✂");
                }
            }
            for (DevicePlans.Missing m : group.unplaced()) {
                String key = m.broadcastId() + "@" + m.wantedStart() + "#" + m.part() + " unplaced";
                OffsetDateTime until = m.wantedStart().plusSeconds(Math.max(60, m.lengthSeconds()));
                Map<String, Object> event = event(
                        key,
                        m.title() + " — "
                                + messages.getMessage(
                                        "reason." + m.reason(), null, m.reason().name(), locale),
                        m.wantedStart(),
                        until,
                        m.broadcastId(),
                        m.priority().name());
                event.put("classNames", List.of("prio-" + m.priority(), "unplaced"));
                events.putIfAbsent(key, event);
            }
        }
        markAired(caller, area, calendar, events, aired);
        return new ArrayList<>(events.values());
    }

    /** An item of the calendar and the devices it was planned on (of the groups shown). */
    private static final class Aired {
        final DevicePlans.Entry entry;
        final Set<UUID> devices = new HashSet<>();

        Aired(DevicePlans.Entry entry) {
            this.entry = entry;
        }
    }

    /**
     * Marks each item that ended (or that a device already reported) aired, partly or not aired (see
     * {@link Airing}), as a badge in words: the play logs of the area's devices in the shown period, read in
     * one grouped query, and the devices' last contact in one more; never a query per item.
     */
    private void markAired(
            Caller caller,
            Area area,
            DevicePlans.AreaCalendar calendar,
            Map<String, Map<String, Object>> events,
            Map<String, Aired> items) {
        Set<UUID> targeted = new HashSet<>();
        items.values().forEach(a -> targeted.addAll(a.devices));
        if (targeted.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant from = calendar.window().from();
        if (!from.isBefore(now)) {
            return;
        }
        // Plays start at or after their slot; a day's margin catches items delayed past the window's end.
        Instant to = calendar.window().to().plus(Duration.ofDays(1));
        Map<String, List<PlayLogs.Heard>> heard = new HashMap<>();
        for (PlayLogs.Heard h : playLogs.heard(targeted, from, to)) {
            heard.computeIfAbsent(h.itemId(), k -> new ArrayList<>()).add(h);
        }
        Map<UUID, Instant> lastSeen = new HashMap<>();
        for (Device d : devices.list(caller, new DeviceQuery(area.id(), null, null, false))) {
            if (d.lastSeenAt() != null) {
                lastSeen.put(d.id(), d.lastSeenAt());
            }
        }
        Locale locale = LocaleContextHolder.getLocale();
        for (Map.Entry<String, Aired> item : items.entrySet()) {
            DevicePlans.Entry e = item.getValue().entry;
            int media = e.media().isEmpty() ? 1 : e.media().size();
            Airing verdict = Airing.of(
                    heard.getOrDefault(e.id(), List.of()),
                    item.getValue().devices,
                    lastSeen,
                    e.end().toInstant(),
                    now,
                    media);
            Map<String, Object> event = events.get(item.getKey());
            if (verdict == null || event == null) {
                continue;
            }
            event.put("aired", verdict.name());
            event.put("airedText", messages.getMessage("aired." + verdict.name(), null, verdict.name(), locale));
            @SuppressWarnings("unchecked")
            List<String> classes = new ArrayList<>((List<String>) event.get("classNames"));
            classes.add("aired-" + verdict.name());
            event.put("classNames", classes);
        }
    }

    private static Map<String, Object> event(
            String id, String title, OffsetDateTime start, OffsetDateTime end, UUID broadcast, String priority) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("title", title);
        event.put("start", LOCAL.format(start.toLocalDateTime()));
        event.put("end", LOCAL.format(end.toLocalDateTime()));
        event.put("url", "/broadcasts/" + broadcast);
        event.put("classNames", List.of("prio-" + priority));
        return event;
    }

    /** A FullCalendar bound ("2027-03-08T00:00:00Z" in UTC mode) read as the area's wall clock. */
    private static Bound wallClock(String text, Area area) {
        try {
            LocalDateTime local = text.length() <= 10
                    ? LocalDate.parse(text).atStartOfDay()
                    : OffsetDateTime.parse(text).toLocalDateTime();
            return new Bound(local.atZone(area.zone()).toInstant(), null);
        } catch (java.time.DateTimeException e) {
            throw ProblemException.badRequest("invalid-input", "problem.invalid-input");
        }
    }

    private String label(DevicePlans.DeviceGroup group, Locale locale) {
        if (group.deviceIds().isEmpty()) {
            return messages.getMessage("calendar.group.noDevices", null, locale);
        }
        String where = String.join(", ", group.areaNames());
        String tags = group.tags().isEmpty() ? "" : " · " + String.join(", ", group.tags());
        return where + tags + " ("
                + messages.getMessage(
                        "calendar.devices", new Object[] {group.deviceIds().size()}, locale) + ")";
    }
}
