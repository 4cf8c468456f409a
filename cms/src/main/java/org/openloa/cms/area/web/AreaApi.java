package org.openloa.cms.area.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaDraft;
import org.openloa.cms.area.AreaImport;
import org.openloa.cms.area.AreaService;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/areas")
@Tag(name = "Areas", description = "The administrative tree, scoped to the caller's area")
class AreaApi {

    private final AreaService areas;
    private final MessageSource messages;

    AreaApi(AreaService areas, MessageSource messages) {
        this.areas = areas;
        this.messages = messages;
    }

    @Schema(description = "An area of the administrative tree")
    record AreaView(
            @Schema(description = "the area's id") UUID id,

            @Schema(description = "unique code, e.g. the official administrative code; matches areas between instances")
            String code,

            @Schema(description = "the area's name") String name,

            @Schema(description = "a level's code (GET /api/v1/areas/levels), e.g. province, commune, village")
            String kind,

            @Schema(description = "the parent area; null at the top")
            UUID parentId,

            @Schema(description = "IANA time zone of local dates and times here, e.g. Asia/Ho_Chi_Minh")
            String timeZone,

            @Schema(description = "whether the area is retired (e.g. merged into another)")
            boolean retired,

            @Schema(description = "the day it was retired; null while in use")
            LocalDate retiredOn,

            @Schema(description = "the area that took over from it, if one was named")
            UUID successorId,

            @Schema(description = "the child areas, in the tree view only; null in the list view")
            List<AreaView> children) {

        static AreaView of(Area a, List<AreaView> children) {
            return new AreaView(
                    a.id(),
                    a.code(),
                    a.name(),
                    a.kind(),
                    a.parentId(),
                    a.zone().getId(),
                    a.retired(),
                    a.retiredOn(),
                    a.successorId(),
                    children);
        }
    }

    @Schema(description = "A new area")
    record NewArea(
            @Schema(description = "unique code", requiredMode = REQUIRED) @NotBlank
            String code,

            @Schema(description = "the area's name", requiredMode = REQUIRED) @NotBlank
            String name,

            @Schema(
                    description = "a level's code (GET /api/v1/areas/levels), e.g. province, commune, village",
                    requiredMode = REQUIRED)
            @NotBlank
            String kind,

            @Schema(description = "the parent area; required unless a national administrator creates a top area")
            UUID parentId,

            @Schema(description = "IANA time zone; the parent's when absent")
            String timeZone) {}

    @Schema(description = "A change to an area; absent fields keep their value")
    record AreaPatch(
            @Schema(description = "unique code") String code,
            @Schema(description = "the area's name") String name,

            @Schema(description = "a level's code (GET /api/v1/areas/levels), e.g. province, commune, village")
            String kind,

            @Schema(description = "IANA time zone") String timeZone) {}

    @Schema(description = "How an area is retired")
    record Retirement(
            @Schema(description = "the day it is retired; today when absent")
            LocalDate on,

            @Schema(description = "the area that takes over from it, outside it")
            UUID successorId) {}

    @GetMapping
    @Operation(summary = "Areas within the caller's reach, as a flat list (parents first) or a tree")
    List<AreaView> list(
            @Parameter(description = "list or tree") @RequestParam(defaultValue = "list") String view,
            @Parameter(description = "whether retired areas are listed") @RequestParam(defaultValue = "true")
                    boolean includeRetired) {
        List<Area> visible = areas.visibleTo(CurrentCaller.get()).stream()
                .filter(a -> includeRetired || !a.retired())
                .toList();
        if (!"tree".equals(view)) {
            return visible.stream().map(a -> AreaView.of(a, null)).toList();
        }
        Map<UUID, List<AreaView>> children = new HashMap<>();
        Map<UUID, AreaView> views = new HashMap<>();
        List<AreaView> roots = new ArrayList<>();
        for (Area a : visible) {
            AreaView v = AreaView.of(a, new ArrayList<>());
            views.put(a.id(), v);
            children.put(a.id(), v.children());
            if (a.parentId() != null && views.containsKey(a.parentId())) {
                children.get(a.parentId()).add(v);
            } else {
                roots.add(v);
            }
        }
        return roots;
    }

    @Schema(description = "A level an area can be at; an area's kind is a level's code")
    record LevelView(
            @Schema(description = "the code areas name it by, e.g. commune")
            String code,

            @Schema(description = "its Vietnamese name, e.g. Xã")
            String nameVi,

            @Schema(description = "its English name, e.g. Commune")
            String nameEn) {}

    @GetMapping("/levels")
    @Operation(summary = "The levels an area can be at, from the top (a national administrator adds them)")
    List<LevelView> levels() {
        return areas.levels().stream()
                .map(l -> new LevelView(l.code(), l.nameVi(), l.nameEn()))
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One area")
    AreaView get(@PathVariable UUID id) {
        return AreaView.of(areas.get(CurrentCaller.get(), id), null);
    }

    @PostMapping
    @Operation(summary = "Create an area under one the caller administers")
    @ApiResponse(responseCode = "201", description = "created; Location names it")
    @ApiResponse(responseCode = "404", description = "the parent is not found or outside the caller's areas")
    @ApiResponse(responseCode = "409", description = "the code is taken")
    @ApiResponse(
            responseCode = "422",
            description = "a rule is broken (parent required or retired, bad code, name, kind or time zone)")
    ResponseEntity<AreaView> create(@Valid @RequestBody NewArea body) {
        Area area = areas.create(
                CurrentCaller.get(),
                new AreaDraft(body.code(), body.name(), body.kind(), body.parentId(), body.timeZone()));
        return ResponseEntity.created(URI.create("/api/v1/areas/" + area.id())).body(AreaView.of(area, null));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change an area's code, name, kind or time zone; absent fields stay")
    @ApiResponse(responseCode = "409", description = "the code is taken")
    @ApiResponse(responseCode = "422", description = "a rule is broken (bad code, name, kind or time zone)")
    AreaView update(@PathVariable UUID id, @RequestBody AreaPatch body) {
        return AreaView.of(
                areas.update(
                        CurrentCaller.get(),
                        id,
                        new AreaDraft(body.code(), body.name(), body.kind(), null, body.timeZone())),
                null);
    }

    @PostMapping("/{id}/retire")
    @Operation(summary = "Retire an area (e.g. merged into another), optionally naming its successor")
    @ApiResponse(responseCode = "422", description = "the caller's own area, or a successor inside it or retired")
    AreaView retire(@PathVariable UUID id, @RequestBody(required = false) Retirement body) {
        Retirement r = body == null ? new Retirement(null, null) : body;
        return AreaView.of(areas.retire(CurrentCaller.get(), id, r.on(), r.successorId()), null);
    }

    @PostMapping("/{id}/reinstate")
    @Operation(summary = "Put a retired area back in use")
    AreaView reinstate(@PathVariable UUID id) {
        return AreaView.of(areas.reinstate(CurrentCaller.get(), id), null);
    }

    @Schema(description = "What became of one line of an area import")
    record ImportLineView(
            @Schema(description = "the line number in the file")
            int line,

            @Schema(description = "the line's area code") String code,
            @Schema(description = "the line's area name") String name,

            @Schema(description = "whether the line was accepted or refused")
            String outcome,

            @Schema(description = "why it was refused, in the caller's language; null when accepted")
            String reason) {}

    @Schema(description = "The outcome of an area import: all lines or none")
    record ImportReportView(
            @Schema(description = "whether the areas were imported (every line accepted)")
            boolean imported,

            @Schema(description = "how many lines were accepted")
            long acceptedLines,

            @Schema(description = "how many lines were refused")
            long refusedLines,

            @Schema(description = "each line and what became of it")
            List<ImportLineView> lines) {}

    @PostMapping(
            path = "/import",
            consumes = {"text/csv", "text/plain"})
    @Operation(
            summary = "Import areas from CSV (code,name,kind,parent_code[,time_zone]); all lines or none",
            description =
                    "If any line is refused, nothing is imported and the answer (422) names each refused line and why.")
    @ApiResponse(responseCode = "200", description = "every line was accepted and imported")
    @ApiResponse(
            responseCode = "422",
            description = "some line was refused: nothing was imported",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ImportReportView.class)))
    ResponseEntity<ImportReportView> importCsv(@RequestBody String csv) {
        AreaImport.Report report = areas.importCsv(CurrentCaller.get(), csv);
        ImportReportView view = view(report, messages, LocaleContextHolder.getLocale());
        return ResponseEntity.status(report.accepted() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(view);
    }

    static ImportReportView view(AreaImport.Report report, MessageSource messages, Locale locale) {
        return new ImportReportView(
                report.accepted(),
                report.acceptedCount(),
                report.refusedCount(),
                report.lines().stream()
                        .map(l -> new ImportLineView(
                                l.number(),
                                l.code(),
                                l.name(),
                                l.outcome().name(),
                                l.reasonKey() == null
                                        ? null
                                        : messages.getMessage(
                                                l.reasonKey(), l.args().toArray(), l.reasonKey(), locale)))
                        .toList());
    }
}
