package org.openloa.cms.plan.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.plan.DevicePlans;
import org.openloa.cms.plan.DevicePlans.Bound;
import org.openloa.cms.plan.MissedPlays;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resolved timelines: one device's plan, an area's calendar, and the plays devices missed. Instants carry
 * the offset of the device's or area's zone ({@code 2027-03-08T06:00:00+07:00}).
 */
@RestController
@Tag(name = "Plans", description = "What devices will play (and did not), resolved from the broadcasts that reach them")
class PlanApi {

    private static final String WINDOW = "an instant with offset, or a date meaning the start of that day in the"
            + " zone of the device or area; the window is [from, to), one day from today's start by default, at most 62 days";

    private final DevicePlans plans;
    private final MissedPlays missed;

    PlanApi(DevicePlans plans, MissedPlays missed) {
        this.plans = plans;
        this.missed = missed;
    }

    record PlanView(
            UUID deviceId,
            String deviceName,
            UUID areaId,
            String timeZone,
            String from,
            String to,
            long planVersion,
            List<EntryView> items,
            List<MissingView> unplaced) {}

    record EntryView(
            String id,
            String start,
            String end,
            UUID broadcastId,
            String title,
            String priority,
            int volume,
            String kind,
            List<DevicePlans.Media> media,
            String streamUrl,
            String occurrence,
            int part,
            long offsetMillis,
            boolean cut,
            boolean resumed,
            long delaySeconds,
            boolean conflict) {}

    record MissingView(
            UUID broadcastId,
            String title,
            String priority,
            String occurrence,
            int part,
            String wantedStart,
            long lengthSeconds,
            String reason,
            UUID blockedBy,
            String blockedByTitle) {}

    record CalendarView(
            UUID areaId,
            String areaName,
            String timeZone,
            String from,
            String to,
            List<GroupView> groups,
            List<ConflictView> conflicts) {}

    record GroupView(
            String key,
            List<String> areaNames,
            List<String> tags,
            List<UUID> deviceIds,
            List<String> deviceNames,
            List<EntryView> items,
            List<MissingView> unplaced) {}

    record SideView(UUID broadcastId, String title, String start, String end) {}

    record ConflictView(
            String priority, SideView playsFirst, SideView follows, List<UUID> deviceIds, boolean withoutDevices) {}

    @GetMapping("/api/v1/devices/{id}/plan")
    @Operation(
            summary = "The resolved timeline a device will play, and what does not fit and why",
            description = "Items never overlap; an item cut by an emergency has cut=true and its rest (if it resumes)"
                    + " is a later part. Unplaced reasons: PAUSED, NOT_ACCEPTED, DELAY_EXCEEDED, NOT_RESUMED.")
    PlanView plan(
            @PathVariable UUID id,
            @Parameter(description = WINDOW) @RequestParam(required = false) String from,
            @Parameter(description = WINDOW) @RequestParam(required = false) String to) {
        DevicePlans.DevicePlan plan =
                plans.plan(CurrentCaller.get(), id, Bound.parse("from", from), Bound.parse("to", to));
        return new PlanView(
                plan.device().id(),
                plan.device().name(),
                plan.device().areaId(),
                plan.zone().getId(),
                text(plan.window().from().atZone(plan.zone()).toOffsetDateTime()),
                text(plan.window().to().atZone(plan.zone()).toOffsetDateTime()),
                plan.version(),
                entries(plan.items()),
                missing(plan.unplaced()));
    }

    @GetMapping("/api/v1/areas/{id}/calendar")
    @Operation(
            summary = "What airs in an area, per group of devices that play the same, with conflicts flagged",
            description =
                    "A conflict is two occurrences of the same priority overlapping on the same devices; the"
                            + " earlier (then the earlier booked) plays first and the other follows if its allowed delay permits.")
    CalendarView calendar(
            @PathVariable UUID id,
            @Parameter(description = WINDOW) @RequestParam(required = false) String from,
            @Parameter(description = WINDOW) @RequestParam(required = false) String to) {
        DevicePlans.AreaCalendar calendar =
                plans.calendar(CurrentCaller.get(), id, Bound.parse("from", from), Bound.parse("to", to));
        return new CalendarView(
                calendar.area().id(),
                calendar.area().name(),
                calendar.area().zone().getId(),
                text(calendar.window().from().atZone(calendar.area().zone()).toOffsetDateTime()),
                text(calendar.window().to().atZone(calendar.area().zone()).toOffsetDateTime()),
                calendar.groups().stream()
                        .map(g -> new GroupView(
                                g.key(),
                                g.areaNames(),
                                g.tags(),
                                g.deviceIds(),
                                g.deviceNames(),
                                entries(g.items()),
                                missing(g.unplaced())))
                        .toList(),
                calendar.conflicts().stream()
                        .map(c -> new ConflictView(
                                c.priority().name(),
                                side(c.first()),
                                side(c.second()),
                                c.deviceIds(),
                                c.withoutDevices()))
                        .toList());
    }

    @GetMapping("/api/v1/missed-plays")
    @Operation(
            summary = "Plan items that ended without their device reporting them played",
            description = "Found a few minutes after each slot ends (after a grace for late play logs); a log that"
                    + " arrives later clears the item. Default window: the last 24 hours.")
    List<MissedPlays.Missed> missedPlays(
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return missed.list(CurrentCaller.get(), areaId, from, to);
    }

    static List<EntryView> entries(List<DevicePlans.Entry> entries) {
        return entries.stream()
                .map(e -> new EntryView(
                        e.id(),
                        text(e.start()),
                        text(e.end()),
                        e.broadcastId(),
                        e.title(),
                        e.priority().name(),
                        e.volume(),
                        kind(e.kind()),
                        e.media(),
                        e.streamUrl(),
                        text(e.occurrence()),
                        e.part(),
                        e.offsetMillis(),
                        e.cut(),
                        e.resumed(),
                        e.delaySeconds(),
                        e.conflict()))
                .toList();
    }

    /** The API names a playlist AUDIO, as the edge protocol does. */
    private static String kind(ContentKind kind) {
        return switch (kind) {
            case PLAYLIST -> "AUDIO";
            case STREAM -> "STREAM";
        };
    }

    static List<MissingView> missing(List<DevicePlans.Missing> missing) {
        return missing.stream()
                .map(m -> new MissingView(
                        m.broadcastId(),
                        m.title(),
                        m.priority().name(),
                        text(m.occurrence()),
                        m.part(),
                        text(m.wantedStart()),
                        m.lengthSeconds(),
                        m.reason().name(),
                        m.blockedBy(),
                        m.blockedByTitle()))
                .toList();
    }

    private static SideView side(DevicePlans.Side side) {
        return new SideView(side.broadcastId(), side.title(), text(side.occurrence()), text(side.end()));
    }

    static String text(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
