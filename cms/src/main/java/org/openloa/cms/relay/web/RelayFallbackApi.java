package org.openloa.cms.relay.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.relay.RelayFallbackService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/relay-fallbacks")
@Tag(
        name = "Relay fallbacks",
        description = "The area's fallback bulletin (bản tin dự phòng): what its boxes loop while a relay's source is"
                + " lost or silent. An area without its own uses the nearest area above it that has one; without"
                + " any, the boxes play a short tone")
class RelayFallbackApi {

    private final RelayFallbackService fallbacks;

    RelayFallbackApi(RelayFallbackService fallbacks) {
        this.fallbacks = fallbacks;
    }

    @Schema(description = "A fallback bulletin chosen for an area")
    record ChoiceView(
            @Schema(description = "the area that chose it") UUID areaId,
            @Schema(description = "the bulletin chosen") UUID bulletinId,
            @Schema(description = "its title when chosen") String title,

            @Schema(description = "who chose it (a username)")
            String chosenBy,

            @Schema(description = "when") Instant chosenAt) {

        static ChoiceView of(RelayFallbackService.Choice c) {
            return new ChoiceView(c.areaId(), c.bulletinId(), c.title(), c.chosenBy(), c.chosenAt());
        }
    }

    @Schema(description = "An area's fallback: its own choice, and what applies (its own or inherited from above)")
    record FallbackView(
            @Schema(description = "the area") UUID areaId,

            @Schema(description = "the area's own choice; null when it has none")
            ChoiceView own,

            @Schema(description = "what its boxes play: the own choice, or the nearest above; null: a short tone")
            ChoiceView effective) {}

    @Schema(description = "The bulletin to choose")
    record FallbackBody(
            @Schema(
                    description = "an APPROVED bulletin with audio, in the caller's reach",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            UUID bulletinId) {}

    @GetMapping("/{areaId}")
    @Operation(summary = "An area's fallback bulletin, own or inherited")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    FallbackView get(@PathVariable UUID areaId) {
        return view(areaId, fallbacks.of(CurrentCaller.get(), areaId));
    }

    @PutMapping("/{areaId}")
    @Operation(summary = "Choose the area's fallback bulletin (ADMIN or OPERATOR of the area)")
    @ApiResponse(responseCode = "403", description = "not an ADMIN or OPERATOR")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    @ApiResponse(
            responseCode = "422",
            description = "no bulletinId, a bulletin the caller does not see, or one not APPROVED with audio")
    FallbackView choose(@PathVariable UUID areaId, @RequestBody FallbackBody body) {
        Caller caller = CurrentCaller.get();
        fallbacks.choose(caller, areaId, body == null ? null : body.bulletinId());
        return view(areaId, fallbacks.of(caller, areaId));
    }

    @DeleteMapping("/{areaId}")
    @Operation(summary = "Drop the area's own choice: it inherits from above again (or plays a tone)")
    @ApiResponse(responseCode = "204", description = "dropped (or there was none)")
    @ApiResponse(responseCode = "403", description = "not an ADMIN or OPERATOR")
    @ApiResponse(responseCode = "404", description = "the area is outside the caller's reach")
    ResponseEntity<Void> clear(@PathVariable UUID areaId) {
        fallbacks.clear(CurrentCaller.get(), areaId);
        return ResponseEntity.noContent().build();
    }

    private static FallbackView view(UUID areaId, RelayFallbackService.Fallback f) {
        return new FallbackView(
                areaId,
                f.own().map(ChoiceView::of).orElse(null),
                f.effective().map(ChoiceView::of).orElse(null));
    }
}
