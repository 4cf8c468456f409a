package org.openloa.cms.live.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.live.LiveService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/live")
@Tag(
        name = "Live",
        description = "Live sessions (phát trực tiếp): a person speaking now to the loudspeakers of some areas, from"
                + " the browser or an encoder that pushes to the session's ingest (the Icecast source protocol)")
class LiveApi {

    private final LiveService live;

    LiveApi(LiveService live) {
        this.live = live;
    }

    @Schema(description = "A new live session")
    record LiveBody(
            @Schema(description = "the areas it airs in; absent or empty: the caller's own")
            List<UUID> areaIds,

            @Schema(description = "PRIORITY (joins at the next gap) or EMERGENCY (cuts in at once); absent: PRIORITY")
            String priority,

            @Schema(description = "what it is, at most 300 characters; absent: 'Phát trực tiếp' and the time")
            String title) {}

    @GetMapping
    @Operation(summary = "The latest live sessions the caller sees, newest first")
    List<LiveService.View> list() {
        return live.latest(CurrentCaller.get(), 50);
    }

    @PostMapping
    @Operation(
            summary = "Start a live session",
            description = "Answers the ingest to push to: HTTP PUT with Basic auth (the username and password"
                    + " answered here, shown once), Content-Type audio/mpeg or audio/ogg, chunked, e.g."
                    + " `ffmpeg -re -i talk.wav -c:a libmp3lame -f mp3 -method PUT http://user:pass@host/...`."
                    + " It goes on air with the first sound and ends by DELETE or after a silence.")
    @ApiResponse(responseCode = "201", description = "started: WAITING for its source")
    @ApiResponse(responseCode = "403", description = "not an OPERATOR or ADMIN of every area")
    @ApiResponse(responseCode = "404", description = "an area outside the caller's reach")
    @ApiResponse(responseCode = "422", description = "an unknown priority, a title too long, no area")
    ResponseEntity<LiveService.Started> start(@RequestBody(required = false) LiveBody body) {
        LiveBody b = body == null ? new LiveBody(null, null, null) : body;
        URI base =
                URI.create(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        LiveService.Started started = live.start(CurrentCaller.get(), b.areaIds(), b.priority(), b.title(), base);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/live/" + started.session().id()))
                .body(started);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A live session: its state and the loudspeakers that have joined")
    @ApiResponse(responseCode = "404", description = "no such session the caller sees")
    LiveService.View get(@PathVariable UUID id) {
        return live.get(CurrentCaller.get(), id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "End a live session: the boxes return to their programme, its recording is archived")
    @ApiResponse(responseCode = "200", description = "ended (or had ended already)")
    @ApiResponse(responseCode = "403", description = "not an OPERATOR or ADMIN of every area it airs in")
    @ApiResponse(responseCode = "404", description = "no such session the caller sees")
    LiveService.View end(@PathVariable UUID id) {
        return live.end(CurrentCaller.get(), id);
    }
}
