package org.openloa.cms.area.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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

    record AreaView(
            UUID id,
            String code,
            String name,
            String kind,
            UUID parentId,
            String timeZone,
            boolean retired,
            LocalDate retiredOn,
            UUID successorId,
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

    record NewArea(
            @NotBlank String code,
            @NotBlank String name,
            @NotBlank String kind,
            UUID parentId,
            String timeZone) {}

    record AreaPatch(String code, String name, String kind, String timeZone) {}

    record Retirement(LocalDate on, UUID successorId) {}

    @GetMapping
    @Operation(summary = "Areas within the caller's reach, as a flat list (parents first) or a tree")
    List<AreaView> list(
            @Parameter(description = "list or tree") @RequestParam(defaultValue = "list") String view,
            @RequestParam(defaultValue = "true") boolean includeRetired) {
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

    @GetMapping("/{id}")
    AreaView get(@PathVariable UUID id) {
        return AreaView.of(areas.get(CurrentCaller.get(), id), null);
    }

    @PostMapping
    @Operation(summary = "Create an area under one the caller administers")
    ResponseEntity<AreaView> create(@Valid @RequestBody NewArea body) {
        Area area = areas.create(
                CurrentCaller.get(),
                new AreaDraft(body.code(), body.name(), body.kind(), body.parentId(), body.timeZone()));
        return ResponseEntity.created(URI.create("/api/v1/areas/" + area.id())).body(AreaView.of(area, null));
    }

    @PatchMapping("/{id}")
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
    AreaView retire(@PathVariable UUID id, @RequestBody(required = false) Retirement body) {
        Retirement r = body == null ? new Retirement(null, null) : body;
        return AreaView.of(areas.retire(CurrentCaller.get(), id, r.on(), r.successorId()), null);
    }

    @PostMapping("/{id}/reinstate")
    AreaView reinstate(@PathVariable UUID id) {
        return AreaView.of(areas.reinstate(CurrentCaller.get(), id), null);
    }

    record ImportLineView(int line, String code, String name, String outcome, String reason) {}

    record ImportReportView(boolean imported, long acceptedLines, long refusedLines, List<ImportLineView> lines) {}

    @PostMapping(
            path = "/import",
            consumes = {"text/csv", "text/plain"})
    @Operation(
            summary = "Import areas from CSV (code,name,kind,parent_code[,time_zone]); all lines or none",
            description =
                    "If any line is refused, nothing is imported and the answer (422) names each refused line and why.")
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
