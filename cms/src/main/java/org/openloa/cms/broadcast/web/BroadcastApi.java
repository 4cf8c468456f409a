package org.openloa.cms.broadcast.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.ListPage;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastOffer;
import org.openloa.cms.broadcast.BroadcastQuery;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.broadcast.OfferState;
import org.openloa.cms.broadcast.Outcome;
import org.openloa.cms.broadcast.ScheduleSpec;
import org.openloa.cms.broadcast.TargetArea;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/broadcasts")
@Tag(
        name = "Broadcasts",
        description =
                "Broadcast schedules (lịch phát), conflicts, and the communes' inbox of content offered from above")
class BroadcastApi {

    private final BroadcastService broadcasts;
    private final AreaService areas;

    BroadcastApi(BroadcastService broadcasts, AreaService areas) {
        this.broadcasts = broadcasts;
        this.areas = areas;
    }

    @Schema(description = "Where a broadcast airs: devices under these areas, narrowed to these tags")
    record Targets(
            @Schema(description = "the target areas; the owner area when absent")
            List<UUID> areaIds,

            @Schema(description = "only devices with any of these tags; all devices when empty")
            List<String> tags,

            @Schema(
                    description = "devices reached one by one besides the areas and tags (alone: only these);"
                            + " each within the owner area")
            List<UUID> deviceIds) {}

    /**
     * A new broadcast or a change (absent fields are kept). Content: {@code bulletinIds} (approved, with audio,
     * played in order) or {@code streamUrl} with {@code slotLength} (ISO-8601, e.g. PT30M).
     */
    @Schema(description = "A new broadcast, or a change to one (absent fields are kept)")
    record BroadcastBody(
            @Schema(description = "the owner area; required when creating, fixed afterwards")
            UUID areaId,

            @Schema(description = "the title; from the bulletins when absent")
            String title,

            @Schema(description = "approved bulletins with audio, played in order; or streamUrl")
            List<UUID> bulletinIds,

            @Schema(description = "a stream to relay instead of bulletins (http or https)")
            String streamUrl,

            @Schema(description = "with streamUrl: how long each airing lasts, ISO-8601, e.g. PT30M")
            Duration slotLength,

            @Schema(description = "where it airs") Targets targets,

            @Schema(description = "when it airs; required when creating")
            ScheduleSpec schedule,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY; NORMAL when absent")
            Priority priority,

            @Schema(description = "volume 0..100; the device's when absent")
            Integer volume,

            @Schema(description = "how many times the content plays in each airing")
            Integer repeatCount,

            @Schema(description = "how late it may start when something else plays, ISO-8601")
            Duration maxDelay,

            @Schema(description = "PATCH only: ACTIVE, PAUSED or ENDED (final)")
            BroadcastState state) {

        BroadcastDraft draft() {
            return new BroadcastDraft(
                    areaId,
                    title,
                    bulletinIds,
                    streamUrl,
                    slotLength,
                    targets == null ? null : targets.areaIds(),
                    targets == null ? null : targets.tags(),
                    schedule,
                    priority,
                    volume,
                    repeatCount,
                    maxDelay,
                    state,
                    targets == null ? null : targets.deviceIds());
        }
    }

    @Schema(description = "One bulletin a broadcast plays")
    record ItemView(
            @Schema(description = "the bulletin") UUID bulletinId,
            @Schema(description = "its title") String title,
            @Schema(description = "its audio's media id") UUID mediaId,

            @Schema(description = "its audio's length in milliseconds")
            long durationMs) {}

    @Schema(description = "What a broadcast plays")
    record ContentView(
            @Schema(description = "PLAYLIST (bulletins) or STREAM")
            ContentKind kind,

            @Schema(description = "the bulletins, in order") List<ItemView> items,
            @Schema(description = "the stream relayed") String streamUrl,

            @Schema(description = "how long each airing of the stream lasts, ISO-8601")
            String slotLength) {}

    @Schema(description = "Content offered to a commune, and the commune's decision")
    record OfferView(
            @Schema(description = "the commune") UUID areaId,
            @Schema(description = "the commune's name") String areaName,

            @Schema(description = "PENDING, ACCEPTED or DECLINED")
            OfferState state,

            @Schema(description = "who decided (a username)")
            String decidedBy,

            @Schema(description = "when") Instant decidedAt,

            @Schema(description = "why, if a reason was given")
            String reason) {}

    @Schema(description = "An occurrence in a target zone's local time")
    record OccurrenceView(
            @Schema(description = "when, with the zone's offset")
            String at,

            @Schema(description = "the IANA time zone") String zone) {}

    @Schema(description = "A broadcast this one overlaps with, at the same priority, on the same devices")
    record ConflictView(
            @Schema(description = "the other broadcast") UUID broadcastId,
            @Schema(description = "its title") String title,
            @Schema(description = "the priority both have") Priority priority,

            @Schema(description = "when this one's occurrence starts")
            String start,

            @Schema(description = "when this one's occurrence ends")
            String end,

            @Schema(description = "when the other's occurrence starts")
            String otherStart,

            @Schema(description = "when the other's occurrence ends")
            String otherEnd,

            @Schema(description = "whether this one plays first")
            boolean playsFirst,

            @Schema(description = "the devices both reach") List<UUID> deviceIds,

            @Schema(description = "whether there are no such devices yet")
            boolean withoutDevices) {}

    @Schema(description = "A broadcast (lịch phát)")
    record BroadcastView(
            @Schema(description = "the broadcast's id; null in a dry run")
            UUID id,

            @Schema(description = "the title") String title,
            @Schema(description = "the owner area") UUID areaId,
            @Schema(description = "the owner area's name") String areaName,

            @Schema(description = "NORMAL, PRIORITY or EMERGENCY")
            Priority priority,

            @Schema(description = "ACTIVE, PAUSED or ENDED") BroadcastState state,
            @Schema(description = "what it plays") ContentView content,

            @Schema(description = "where it airs (the target areas the caller can see)")
            Targets targets,

            @Schema(description = "when it airs") ScheduleSpec schedule,
            @Schema(description = "volume 0..100") int volume,

            @Schema(description = "how many times the content plays in each airing")
            int repeatCount,

            @Schema(description = "how late it may start, ISO-8601")
            String maxDelay,

            @Schema(description = "whether communes must accept it before it airs there (NORMAL content from above)")
            boolean acceptanceRequired,

            @Schema(description = "the communes it is offered to, and their decisions")
            List<OfferView> offers,

            @Schema(description = "its first airing, in the owner area's zone")
            String startsAt,

            @Schema(description = "its last airing's end; null when open-ended")
            String endsAt,

            @Schema(description = "who created it (a username)")
            String createdBy,

            @Schema(description = "when it was created") Instant createdAt,
            @Schema(description = "when it last changed") Instant updatedAt,

            @Schema(description = "whether the caller may change it")
            boolean editable,

            @Schema(description = "false for a dry run: nothing was saved")
            boolean saved,

            @Schema(description = "the next occurrences (in the answers to GET by id, POST and PATCH)")
            List<OccurrenceView> nextOccurrences,

            @Schema(description = "the conflicts it causes (in the answers to POST and PATCH)")
            List<ConflictView> conflicts) {}

    @Schema(description = "Content offered to one of the caller's communes")
    record InboxEntry(
            @Schema(description = "the offer and its state") OfferView offer,
            @Schema(description = "the broadcast offered") BroadcastView broadcast) {}

    @Schema(description = "A commune's decision on offered content")
    record Decision(
            @Schema(description = "the commune; the caller's own area when absent")
            UUID areaId,

            @Schema(description = "why, shown to the sender")
            String reason) {}

    @GetMapping
    @Operation(
            summary = "Broadcasts airing in the caller's areas (or in areaId), whose span meets [from, to)",
            description = "Includes broadcasts owned under the area and those sent to it from above.")
    BroadcastPage list(
            @RequestParam(required = false) UUID areaId,
            @Parameter(description = "ISO-8601 instant") @RequestParam(required = false) Instant from,
            @Parameter(description = "ISO-8601 instant") @RequestParam(required = false) Instant to,
            @Parameter(description = "from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "1 to " + ListPage.MAX_SIZE) @RequestParam(defaultValue = "50") int size) {
        Caller caller = CurrentCaller.get();
        Page<Broadcast> found =
                new ListPage(page, size).of(broadcasts.list(caller, new BroadcastQuery(areaId, from, to)));
        return new BroadcastPage(
                found.map(b -> view(caller, b, true, null, null)).getContent(),
                found.getNumber(),
                found.getSize(),
                found.getTotalElements());
    }

    /** One page of broadcasts, in the envelope of the other lists: the items, page (from 0), size and total. */
    @Schema(description = "One page of broadcasts")
    record BroadcastPage(
            @Schema(description = "the broadcasts of this page")
            List<BroadcastView> broadcasts,

            @Schema(description = "the page number, from 0") int page,
            @Schema(description = "the page size, 1 to 200") int size,

            @Schema(description = "how many broadcasts match in all")
            long total) {}

    @GetMapping("/{id}")
    @Operation(summary = "One broadcast, with its next ten occurrences")
    BroadcastView get(@PathVariable UUID id) {
        Caller caller = CurrentCaller.get();
        Broadcast broadcast = broadcasts.get(caller, id);
        return view(
                caller,
                broadcast,
                true,
                broadcasts.nextOccurrences(broadcast, 10).stream()
                        .map(BroadcastApi::occurrence)
                        .toList(),
                null);
    }

    @PostMapping
    @Operation(
            summary = "Create a broadcast (ADMIN or OPERATOR of the owner area); dryRun=true only previews",
            description = "The answer lists the next occurrences in each target zone's local time and the conflicts"
                    + " the broadcast causes (same priority, overlapping, same devices). A schedule ending before it"
                    + " starts, or any other broken rule, is 422 with a field error per rule; an unapproved bulletin is"
                    + " 409; a target outside the caller's areas is 404. NORMAL content from above the communes is"
                    + " offered to each targeted commune and airs there once accepted.")
    @ApiResponse(responseCode = "200", description = "dryRun=true: the preview; nothing was saved")
    @ApiResponse(responseCode = "201", description = "created; Location names it")
    @ApiResponse(
            responseCode = "404",
            description = "the owner, a target area or a bulletin is not found or outside the caller's areas")
    @ApiResponse(responseCode = "409", description = "a bulletin is not approved")
    @ApiResponse(responseCode = "422", description = "a rule is broken; errors names each field")
    ResponseEntity<BroadcastView> create(
            @RequestBody BroadcastBody body, @RequestParam(defaultValue = "false") boolean dryRun) {
        Caller caller = CurrentCaller.get();
        Outcome outcome = broadcasts.create(caller, body.draft(), dryRun);
        BroadcastView view = view(caller, outcome);
        return dryRun
                ? ResponseEntity.ok(view)
                : ResponseEntity.created(URI.create("/api/v1/broadcasts/" + view.id()))
                        .body(view);
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Change a broadcast (absent fields are kept); dryRun=true only previews",
            description = "state: ACTIVE, PAUSED, ENDED (final). The answer lists next occurrences and conflicts.")
    @ApiResponse(responseCode = "409", description = "the broadcast has ended, or a bulletin is not approved")
    @ApiResponse(responseCode = "422", description = "a rule is broken; errors names each field")
    BroadcastView update(
            @PathVariable UUID id,
            @RequestBody BroadcastBody body,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        Caller caller = CurrentCaller.get();
        return view(caller, broadcasts.update(caller, id, body.draft(), dryRun));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a broadcast; the devices it reached are re-planned")
    @ApiResponse(responseCode = "204", description = "deleted")
    void delete(@PathVariable UUID id) {
        broadcasts.delete(CurrentCaller.get(), id);
    }

    @GetMapping("/inbox")
    @Operation(
            summary = "NORMAL content offered to the caller's communes (Circular 39), newest first",
            description = "state: PENDING, ACCEPTED or DECLINED; all when absent.")
    List<InboxEntry> inbox(@RequestParam(required = false) OfferState state) {
        Caller caller = CurrentCaller.get();
        return broadcasts.inbox(caller, state).stream()
                .map(e -> new InboxEntry(offer(e.offer()), view(caller, e.broadcast(), true, null, null)))
                .toList();
    }

    @PostMapping("/{id}/accept")
    @Operation(
            summary = "Accept offered content into a commune's programme (an OPERATOR of the commune)",
            description = "areaId: the commune; the caller's own area when absent.")
    @ApiResponse(responseCode = "409", description = "the broadcast has ended")
    OfferView accept(@PathVariable UUID id, @RequestBody(required = false) Decision body) {
        return offer(broadcasts.decide(
                CurrentCaller.get(),
                id,
                body == null ? null : body.areaId(),
                OfferState.ACCEPTED,
                body == null ? null : body.reason()));
    }

    @PostMapping("/{id}/decline")
    @Operation(summary = "Decline offered content, or withdraw an acceptance (an OPERATOR of the commune)")
    @ApiResponse(responseCode = "409", description = "the broadcast has ended")
    OfferView decline(@PathVariable UUID id, @RequestBody(required = false) Decision body) {
        return offer(broadcasts.decide(
                CurrentCaller.get(),
                id,
                body == null ? null : body.areaId(),
                OfferState.DECLINED,
                body == null ? null : body.reason()));
    }

    private BroadcastView view(Caller caller, Outcome outcome) {
        return view(
                caller,
                outcome.broadcast(),
                outcome.saved(),
                outcome.nextOccurrences().stream().map(BroadcastApi::occurrence).toList(),
                outcome.conflicts().stream()
                        .map(c -> new ConflictView(
                                c.otherId(),
                                c.otherTitle(),
                                c.priority(),
                                text(c.start()),
                                text(c.end()),
                                text(c.otherStart()),
                                text(c.otherEnd()),
                                c.playsFirst(),
                                c.deviceIds(),
                                c.withoutDevices()))
                        .toList());
    }

    private BroadcastView view(
            Caller caller, Broadcast b, boolean saved, List<OccurrenceView> next, List<ConflictView> conflicts) {
        Area owner = areas.find(b.areaId()).orElse(null);
        ZoneId zone = owner == null ? Area.DEFAULT_ZONE : owner.zone();
        List<UUID> targets = b.targetAreas().stream()
                .filter(t -> caller.reaches(t.areaPath()) || caller.scopePath().startsWith(t.areaPath()))
                .map(TargetArea::areaId)
                .toList();
        ContentView content = new ContentView(
                b.contentKind(),
                b.items().stream()
                        .map(i -> new ItemView(i.bulletinId(), i.title(), i.mediaAssetId(), i.durationMs()))
                        .toList(),
                b.streamUrl(),
                b.slotLength() == null ? null : b.slotLength().toString());
        List<OfferView> offers =
                saved ? broadcasts.offers(caller, b).stream().map(this::offer).toList() : List.of();
        return new BroadcastView(
                b.id(),
                b.title(),
                b.areaId(),
                owner == null ? null : owner.name(),
                b.priority(),
                b.state(),
                content,
                new Targets(
                        targets,
                        List.copyOf(b.targetTags()),
                        // devices are listed to those who reach the owner area: they all lie within it
                        caller.reaches(b.areaPath()) ? List.copyOf(b.targetDeviceIds()) : List.of()),
                b.schedule(),
                b.volume(),
                b.repeatCount(),
                b.maxDelay().toString(),
                b.acceptanceRequired(),
                offers,
                zoned(b.startsAt(), zone),
                zoned(b.endsAt(), zone),
                b.createdBy(),
                b.createdAt(),
                b.updatedAt(),
                BroadcastService.editable(caller, b),
                saved,
                next,
                conflicts);
    }

    private OfferView offer(BroadcastOffer o) {
        return new OfferView(
                o.areaId(),
                areas.find(o.areaId()).map(Area::name).orElse(null),
                o.state(),
                o.decidedBy(),
                o.decidedAt(),
                o.reason());
    }

    private static OccurrenceView occurrence(Outcome.Occurrence o) {
        return new OccurrenceView(text(o.at()), o.zone());
    }

    private static String zoned(Instant instant, ZoneId zone) {
        return instant == null ? null : text(instant.atZone(zone).toOffsetDateTime());
    }

    private static String text(java.time.OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
