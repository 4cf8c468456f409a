package org.openloa.cms.plan.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Schema(description = "The resolved timeline of one device")
    record PlanView(
            @Schema(description = "the device") UUID deviceId,
            @Schema(description = "the device's name") String deviceName,
            @Schema(description = "the device's area") UUID areaId,

            @Schema(description = "the IANA time zone of the device's area")
            String timeZone,

            @Schema(description = "the window's start, with the zone's offset")
            String from,

            @Schema(description = "the window's end (exclusive), with the zone's offset")
            String to,

            @Schema(description = "the device's plan version; changes whenever its plan does")
            long planVersion,

            @Schema(description = "what the device plays, in time order, never overlapping")
            List<EntryView> items,

            @Schema(description = "what does not air, and why")
            List<MissingView> unplaced) {}

    @Schema(description = "One item of a plan: an occurrence of a broadcast, or part of one")
    record EntryView(
            @Schema(description = "the plan item id, as in the manifest and play logs")
            String id,

            @Schema(description = "when it starts, with offset")
            String start,

            @Schema(description = "when it ends, with offset")
            String end,

            @Schema(description = "the broadcast it comes from")
            UUID broadcastId,

            @Schema(description = "the broadcast's title") String title,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            String priority,

            @Schema(description = "the volume it plays at, 0..100")
            int volume,

            @Schema(description = "AUDIO or STREAM") String kind,

            @Schema(description = "AUDIO: the media played in order")
            List<DevicePlans.Media> media,

            @Schema(description = "STREAM: the stream's URL")
            String streamUrl,

            @Schema(description = "the start of the occurrence this item belongs to")
            String occurrence,

            @Schema(description = "which part of the occurrence, from 1 (a cut occurrence resumes as a later part)")
            int part,

            @Schema(description = "where in the content this part starts, in milliseconds")
            long offsetMillis,

            @Schema(description = "whether something of higher priority cuts it short")
            boolean cut,

            @Schema(description = "whether it resumes an occurrence cut before")
            boolean resumed,

            @Schema(description = "how many seconds after its wanted start it airs")
            long delaySeconds,

            @Schema(description = "whether it is in a conflict of equal priority")
            boolean conflict) {}

    @Schema(description = "An occurrence, or the rest of one, that does not air")
    record MissingView(
            @Schema(description = "the broadcast") UUID broadcastId,
            @Schema(description = "the broadcast's title") String title,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            String priority,

            @Schema(description = "the start of the occurrence")
            String occurrence,

            @Schema(description = "which part of the occurrence, from 1")
            int part,

            @Schema(description = "when it wanted to start") String wantedStart,

            @Schema(description = "how long it would have played, in seconds")
            long lengthSeconds,

            @Schema(description = "PAUSED, NOT_ACCEPTED, DELAY_EXCEEDED or NOT_RESUMED")
            String reason,

            @Schema(description = "the broadcast that kept it off air, if one did")
            UUID blockedBy,

            @Schema(description = "that broadcast's title") String blockedByTitle) {}

    @Schema(description = "What airs in an area, per group of devices that play the same")
    record CalendarView(
            @Schema(description = "the area") UUID areaId,
            @Schema(description = "the area's name") String areaName,

            @Schema(description = "the area's IANA time zone")
            String timeZone,

            @Schema(description = "the window's start, with the zone's offset")
            String from,

            @Schema(description = "the window's end (exclusive), with the zone's offset")
            String to,

            @Schema(description = "groups of devices that play the same")
            List<GroupView> groups,

            @Schema(description = "overlapping occurrences of equal priority on the same devices")
            List<ConflictView> conflicts) {}

    @Schema(description = "Devices that play the same timeline")
    record GroupView(
            @Schema(description = "a stable key of the group")
            String key,

            @Schema(description = "the areas of its devices")
            List<String> areaNames,

            @Schema(description = "the tags its devices share")
            List<String> tags,

            @Schema(description = "its devices") List<UUID> deviceIds,
            @Schema(description = "its devices' names") List<String> deviceNames,

            @Schema(description = "what they play, in time order")
            List<EntryView> items,

            @Schema(description = "what does not air for them, and why")
            List<MissingView> unplaced) {}

    @Schema(description = "One side of a conflict")
    record SideView(
            @Schema(description = "the broadcast") UUID broadcastId,
            @Schema(description = "the broadcast's title") String title,

            @Schema(description = "when its occurrence starts")
            String start,

            @Schema(description = "when its occurrence ends")
            String end) {}

    @Schema(
            name = "CalendarConflict",
            description = "Two occurrences of the same priority overlapping on the same devices")
    record ConflictView(
            @Schema(description = "the priority both have") String priority,

            @Schema(description = "the one that plays first")
            SideView playsFirst,

            @Schema(description = "the one that follows, if its allowed delay permits")
            SideView follows,

            @Schema(description = "the devices both reach") List<UUID> deviceIds,

            @Schema(description = "whether the area has no such devices yet (a conflict in the making)")
            boolean withoutDevices) {}

    @GetMapping("/api/v1/devices/{id}/plan")
    @Operation(
            summary = "The resolved timeline a device will play, and what does not fit and why",
            description = "Items never overlap; an item cut by an emergency has cut=true and its rest (if it resumes)"
                    + " is a later part. Unplaced reasons: PAUSED, NOT_ACCEPTED, DELAY_EXCEEDED, NOT_RESUMED.")
    @ApiResponse(responseCode = "422", description = "the window ends before it starts or is longer than allowed")
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
    @ApiResponse(responseCode = "422", description = "the window ends before it starts or is longer than allowed")
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
    @ApiResponse(responseCode = "422", description = "the window ends before it starts")
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
