package org.openloa.cms.relay.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.relay.RelaySourceDraft;
import org.openloa.cms.relay.RelaySourceService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/relay-sources")
@Tag(
        name = "Relay sources",
        description = "Named live streams (VOV1, the provincial radio) an area relays: kept by an ADMIN, seen by"
                + " everyone in the area's subtree, picked on the broadcast form")
class RelaySourceApi {

    private final RelaySourceService sources;

    RelaySourceApi(RelaySourceService sources) {
        this.sources = sources;
    }

    @Schema(description = "A relay source")
    record RelaySourceView(
            @Schema(description = "its id") UUID id,

            @Schema(description = "what people call it, e.g. VOV1")
            String name,

            @Schema(description = "the stream's http or https URL")
            String url,

            @Schema(description = "the area it belongs to") UUID areaId,
            @Schema(description = "that area's name") String areaName,
            @Schema(description = "when it last changed") Instant updatedAt,

            @Schema(description = "who changed it last (a username)")
            String updatedBy,

            @Schema(description = "whether the caller may change or delete it")
            boolean changeable) {

        static RelaySourceView of(RelaySourceService.Listed l) {
            return new RelaySourceView(
                    l.source().id(),
                    l.source().name(),
                    l.source().url(),
                    l.area().id(),
                    l.area().name(),
                    l.source().updatedAt(),
                    l.source().updatedBy(),
                    l.changeable());
        }
    }

    @Schema(description = "A new relay source, or all the fields of a change")
    record RelaySourceBody(
            @Schema(description = "the area it belongs to; absent: the caller's own (on a change: keep)")
            UUID areaId,

            @Schema(description = "what people call it, at most 100 characters", requiredMode = REQUIRED)
            String name,

            @Schema(
                    description = "an http or https URL, at most 2000 characters, without a user name or password",
                    requiredMode = REQUIRED)
            String url) {

        RelaySourceDraft draft() {
            return new RelaySourceDraft(areaId, name, url);
        }
    }

    @GetMapping
    @Operation(summary = "The relay sources the caller sees: of their areas, above and below, by name")
    List<RelaySourceView> list() {
        return sources.visibleTo(CurrentCaller.get()).stream()
                .map(RelaySourceView::of)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One relay source the caller sees")
    @ApiResponse(responseCode = "404", description = "no such source the caller sees")
    RelaySourceView get(@PathVariable UUID id) {
        return RelaySourceView.of(sources.get(CurrentCaller.get(), id));
    }

    @PostMapping
    @Operation(summary = "Add a relay source to an area the ADMIN reaches")
    @ApiResponse(responseCode = "201", description = "created")
    @ApiResponse(responseCode = "403", description = "not an ADMIN")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    @ApiResponse(
            responseCode = "422",
            description = "a blank or too long name, a name the area has already, a URL that is not http(s)")
    ResponseEntity<RelaySourceView> create(@RequestBody RelaySourceBody body) {
        Caller caller = CurrentCaller.get();
        UUID id = sources.create(caller, body.draft()).id();
        return ResponseEntity.status(HttpStatus.CREATED).body(RelaySourceView.of(sources.get(caller, id)));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a relay source (its name, URL, area)")
    @ApiResponse(
            responseCode = "403",
            description = "not an ADMIN reaching its area (e.g. a province's source seen from a commune)")
    @ApiResponse(responseCode = "404", description = "no such source the caller sees")
    @ApiResponse(responseCode = "422", description = "as on create")
    RelaySourceView update(@PathVariable UUID id, @RequestBody RelaySourceBody body) {
        Caller caller = CurrentCaller.get();
        sources.update(caller, id, body.draft());
        return RelaySourceView.of(sources.get(caller, id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a relay source; broadcasts that use its URL keep their own copy")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "403", description = "not an ADMIN reaching its area")
    @ApiResponse(responseCode = "404", description = "no such source the caller sees")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        sources.delete(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }
}
