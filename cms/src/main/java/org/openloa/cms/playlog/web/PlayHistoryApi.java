package org.openloa.cms.playlog.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.playlog.history.PlayHistory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What one device played, newest first: the device page's play history as JSON. */
@RestController
@Tag(name = "Play logs", description = "Proof of play reported by devices (nhật ký phát)")
class PlayHistoryApi {

    private static final String BOUND =
            "a date (the start of that day in the device's area's zone), or an instant with offset";

    private final PlayHistory history;

    PlayHistoryApi(PlayHistory history) {
        this.history = history;
    }

    @GetMapping(path = "/api/v1/devices/{id}/plays", produces = "application/json")
    @Operation(
            summary = "What a device played, newest first: one day, or a stretch of at most 31 days",
            description = "Without parameters: today in the device's area's zone. A device outside the caller's"
                    + " areas answers 404. `date` and `from`/`to` do not go together (400).")
    List<PlayHistory.Play> plays(
            @PathVariable UUID id,
            @Parameter(description = "one day, YYYY-MM-DD, in the device's area's zone") @RequestParam(required = false)
                    String date,
            @Parameter(description = "from (inclusive): " + BOUND) @RequestParam(required = false) String from,
            @Parameter(description = "to (exclusive): " + BOUND + "; by default the day after from")
                    @RequestParam(required = false)
                    String to) {
        return history.between(CurrentCaller.get(), id, date, from, to);
    }
}
