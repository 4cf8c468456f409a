package org.openloa.cms.exchange.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.web.AudioDownload;
import org.openloa.cms.exchange.DailyFigures;
import org.openloa.cms.exchange.Dispatch;
import org.openloa.cms.exchange.Dispatches;
import org.openloa.cms.exchange.Downstream;
import org.openloa.cms.exchange.DownstreamReports;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/exchange")
@Tag(
        name = "Exchange between levels",
        description = "Version 1 of the link between an OpenLoa instance and its upstream (commune ↔ province ↔"
                + " centre): the upstream's feed of dispatches and their audio, the figures and emergencies a"
                + " downstream pushes up (idempotent PUTs), and the downstream's own controls. See docs/exchange.md")
class ExchangeApi {

    private final Dispatches dispatches;
    private final DownstreamReports reports;
    private final Downstream downstream;
    private final AudioLibrary library;
    private final AreaService areas;

    ExchangeApi(
            Dispatches dispatches,
            DownstreamReports reports,
            Downstream downstream,
            AudioLibrary library,
            AreaService areas) {
        this.dispatches = dispatches;
        this.reports = reports;
        this.downstream = downstream;
        this.library = library;
        this.areas = areas;
    }

    // ------------------------------------------------------------ the upstream's side

    @GetMapping("/dispatches")
    @Operation(
            summary = "The broadcasts of bulletins addressed to the caller's area from above, changed after a cursor",
            description = "Oldest change first; ask again with `next` until `items` is empty. A withdrawal comes as"
                    + " state ENDED with an endReason.")
    @ApiResponse(responseCode = "400", description = "a cursor this server did not give")
    @ApiResponse(responseCode = "422", description = "the caller has no area (a national user)")
    Dispatch.Page feed(@RequestParam(required = false) String after, @RequestParam(defaultValue = "50") int limit) {
        return dispatches.feed(CurrentCaller.get(), after, limit);
    }

    @GetMapping("/dispatches/{broadcastId}/bulletins/{bulletinId}/audio")
    @Operation(summary = "The audio of a bulletin of a dispatch (Range supported; the ETag is its SHA-256)")
    @ApiResponse(
            responseCode = "200",
            description = "the audio",
            content = @Content(mediaType = "audio/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "not a dispatch to the caller's area, or no such bulletin in it")
    void audio(
            @PathVariable UUID broadcastId,
            @PathVariable UUID bulletinId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        AudioDownload.serve(library, dispatches.audio(CurrentCaller.get(), broadcastId, bulletinId), request, response);
    }

    @Schema(description = "One area's figures for one local day, as a downstream pushes them")
    record FiguresPush(
            @Schema(description = "the area's name (used when this instance has no area with its code)")
            String name,

            @Schema(description = "the code of the area it lies under, when this instance has no area with its code")
            String parentCode,

            @Schema(description = "the figures; a figure not counted is null")
            DailyFigures.Figures figures) {}

    @PutMapping("/figures/{areaCode}/{day}")
    @Operation(
            summary = "Store a downstream area's figures for a local day (the same push again replaces it)",
            description = "An ADMIN or OPERATOR reaching the area with that code, or, for a code this instance"
                    + " does not have, reaching the area named by parentCode.")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "200", description = "replaced the same area's and day's figures")
    @ApiResponse(responseCode = "403", description = "neither ADMIN nor OPERATOR")
    @ApiResponse(responseCode = "404", description = "no such area within the caller's reach")
    @ApiResponse(responseCode = "422", description = "figures missing, or a negative count")
    ResponseEntity<Void> putFigures(
            @PathVariable String areaCode,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestBody FiguresPush body) {
        Caller caller = requirePusher();
        if (body == null || body.figures() == null) {
            throw ProblemException.rule("figures-required", "figures", "exchange.figures-required");
        }
        check(body.figures());
        String name = Text.clean(body.name(), "name");
        boolean created = reports.receiveFigures(
                caller, code(areaCode, "areaCode"), name, body.parentCode(), day, body.figures());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .build();
    }

    @Schema(description = "An emergency a downstream aired")
    record EmergencyPush(
            @Schema(description = "the code of the area it was raised for")
            String areaCode,

            @Schema(description = "its title") String title,

            @Schema(description = "how it left the air: ENDED, STOPPED, FAILED…")
            String state,

            @Schema(description = "when it was issued") Instant startedAt,
            @Schema(description = "when it left the air") Instant endedAt) {}

    @PutMapping("/emergencies/{id}")
    @Operation(summary = "Store an emergency a downstream aired, by its id there (the same push again replaces it)")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "200", description = "replaced")
    @ApiResponse(responseCode = "403", description = "neither ADMIN nor OPERATOR")
    @ApiResponse(responseCode = "404", description = "no such area within the caller's reach")
    @ApiResponse(responseCode = "422", description = "a field missing")
    ResponseEntity<Void> putEmergency(@PathVariable String id, @RequestBody EmergencyPush body) {
        Caller caller = requirePusher();
        if (body == null || body.title() == null || body.title().isBlank()) {
            throw ProblemException.rule("title-required", "title", "exchange.title-required");
        }
        if (body.state() == null || body.state().isBlank()) {
            throw ProblemException.rule("state-required", "state", "exchange.state-required");
        }
        String title = Text.clean(body.title(), "title");
        boolean created = reports.receiveEmergency(
                caller,
                code(id, "id"),
                code(body.areaCode(), "areaCode"),
                title.length() > 500 ? title.substring(0, 500) : title,
                code(body.state(), "state"),
                body.startedAt(),
                body.endedAt());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .build();
    }

    @GetMapping("/figures")
    @Operation(summary = "The figures downstream instances pushed for areas under an area, by day then area code")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    @ApiResponse(responseCode = "422", description = "to before from, or more than 366 days")
    List<DownstreamReports.Reported> figures(
            @RequestParam(required = false) UUID areaId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Caller caller = CurrentCaller.get();
        if (to.isBefore(from)) {
            throw ProblemException.rule("end-before-start", "to", "exchange.end-before-start");
        }
        if (to.isAfter(from.plusDays(366))) {
            throw ProblemException.rule("period-too-long", "to", "exchange.period-too-long");
        }
        String path = areaId == null ? null : areas.get(caller, areaId).path();
        return reports.figures(caller, path, from, to);
    }

    @GetMapping("/emergencies")
    @Operation(summary = "The emergencies downstream instances aired under an area, newest first")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    List<DownstreamReports.AiredEmergency> emergencies(@RequestParam(required = false) UUID areaId) {
        Caller caller = CurrentCaller.get();
        String path = areaId == null ? null : areas.get(caller, areaId).path();
        return reports.emergencies(caller, path);
    }

    // ------------------------------------------------------------ the downstream's side

    @PostMapping("/pull")
    @Operation(summary = "Wake the pull from the upstream now (what the upstream calls when it has news)")
    @ApiResponse(responseCode = "202", description = "woken: the pull runs on one node soon")
    @ApiResponse(responseCode = "403", description = "not an ADMIN")
    @ApiResponse(responseCode = "409", description = "no upstream is configured")
    ResponseEntity<Void> pull() {
        downstream.wake(CurrentCaller.get());
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @Schema(description = "Which day's figures to push up")
    record FiguresRequest(
            @Schema(description = "the area (and the areas right under it); absent: the caller's own")
            UUID areaId,

            @Schema(description = "the local day, e.g. 2026-12-03", requiredMode = Schema.RequiredMode.REQUIRED)
            LocalDate day) {}

    @PostMapping("/figures/push")
    @Operation(summary = "Queue a day's figures for the upstream (each day's are queued on their own after midnight)")
    @ApiResponse(responseCode = "202", description = "queued; `queued` says for how many areas")
    @ApiResponse(responseCode = "403", description = "not an ADMIN")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    @ApiResponse(responseCode = "409", description = "no upstream is configured")
    @ApiResponse(responseCode = "422", description = "no day")
    ResponseEntity<Map<String, Integer>> push(@RequestBody FiguresRequest body) {
        int queued = downstream.queueFigures(
                CurrentCaller.get(), body == null ? null : body.areaId(), body == null ? null : body.day());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("queued", queued));
    }

    @GetMapping("/status")
    @Operation(summary = "Where the exchange stands: the upstream, the pull's cursor and what it received, the pushes")
    @ApiResponse(responseCode = "403", description = "not an ADMIN")
    Map<String, Object> status() {
        return downstream.status(CurrentCaller.get());
    }

    private static Caller requirePusher() {
        Caller caller = CurrentCaller.get();
        if (!caller.has(Role.ADMIN) && !caller.has(Role.OPERATOR)) {
            throw ProblemException.forbidden();
        }
        return caller;
    }

    /** A code or id as a path or field carries it: 1..64 letters, digits, '-', '_' or '.'. */
    private static String code(String value, String field) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ProblemException.rule("invalid-code", field, "exchange.invalid-code");
        }
        return value;
    }

    private static void check(DailyFigures.Figures f) {
        Number[] all = {
            f.bulletinsProduced(), f.plannedSeconds(), f.airedSeconds(), f.plays(), f.interruptedPlays(),
            f.failedPlays(), f.missedPlays(), f.devicesInstalled(), f.devicesWorking(), f.onlineRate(),
            f.liveMinutes(), f.relayMinutes(), f.outages(), f.relayLosses(), f.missedEmergencies()
        };
        for (Number n : all) {
            if (n != null && n.doubleValue() < 0) {
                throw ProblemException.rule("negative-figure", "figures", "exchange.negative-figure");
            }
        }
        if (f.onlineRate() != null && f.onlineRate() > 1) {
            throw ProblemException.rule("rate-out-of-range", "figures.onlineRate", "exchange.rate-out-of-range");
        }
    }
}
