package org.openloa.cms.device.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.device.AgentRelease;
import org.openloa.cms.device.AgentReleases;
import org.openloa.cms.problem.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Agent versions boxes may be upgraded to, and their rollout to an area (docs/edge-agent.md, "Remote upgrade"). */
@RestController
@RequestMapping("/api/v1/agent-releases")
@Tag(name = "Devices")
class AgentReleaseApi {

    private final AgentReleases releases;

    AgentReleaseApi(AgentReleases releases) {
        this.releases = releases;
    }

    @Schema(description = "An agent version to register")
    record NewRelease(
            @Schema(
                    description = "the version the agent reports, e.g. 0.2.0",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String version,

            @Schema(
                    description = "the jar's URL: http(s), or a path on this cms that boxes resolve against"
                            + " their server URL",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String url,

            @Schema(description = "the jar's SHA-256, 64 hex digits", requiredMode = Schema.RequiredMode.REQUIRED)
            String sha256,

            @Schema(description = "what changed, for operators")
            String notes) {}

    @Schema(description = "Where to roll a version out")
    record Rollout(
            @Schema(
                    description = "an area in reach: every device in service under it",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            UUID areaId) {}

    @Schema(description = "What a rollout did")
    record RolloutDone(
            @Schema(description = "the version") String version,

            @Schema(description = "devices sent an UPGRADE command (those running it already are left alone)")
            int devices) {}

    @GetMapping
    @Operation(summary = "The registered agent versions, newest first")
    List<AgentRelease> list() {
        CurrentCaller.get();
        return releases.list();
    }

    @PostMapping
    @Operation(
            summary = "Register an agent version (national ADMIN)",
            description = "Boxes download the jar from the URL and check its SHA-256 before switching to it.")
    @ApiResponse(responseCode = "201", description = "registered")
    @ApiResponse(responseCode = "409", description = "the version is registered already")
    @ApiResponse(responseCode = "422", description = "a field is missing or malformed")
    ResponseEntity<AgentRelease> add(@RequestBody NewRelease body) {
        AgentRelease release =
                releases.add(CurrentCaller.get(), body.version(), body.url(), body.sha256(), body.notes());
        return ResponseEntity.created(URI.create("/api/v1/agent-releases/" + release.version()))
                .body(release);
    }

    @PostMapping("/{version}/rollouts")
    @Operation(
            summary = "Upgrade every device of an area to this version (ADMIN or OPERATOR of the area)",
            description = "Each device in service under the area gets an UPGRADE command; each box checks the jar,"
                    + " switches, and goes back by itself if the new version cannot poll within the trial. Follow"
                    + " it on each device's status.upgrade.")
    @ApiResponse(responseCode = "200", description = "the commands are sent")
    @ApiResponse(responseCode = "422", description = "no area, or a version that is not registered")
    RolloutDone rollout(@PathVariable String version, @RequestBody Rollout body) {
        if (body == null || body.areaId() == null) {
            throw ProblemException.rule("area-required", "areaId", "agent.release.area-required");
        }
        return new RolloutDone(version, releases.rollout(CurrentCaller.get(), body.areaId(), version));
    }
}
