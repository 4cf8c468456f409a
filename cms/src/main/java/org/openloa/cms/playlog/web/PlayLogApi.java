package org.openloa.cms.playlog.web;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Proof of play as devices reported it, within the caller's areas; CSV for spreadsheets. */
@RestController
@RequestMapping("/api/v1/playlogs")
@Tag(name = "Play logs", description = "Proof of play reported by devices (nhật ký phát)")
class PlayLogApi {

    private static final String INSTANT = "an instant with offset, e.g. 2027-03-08T00:00:00+07:00 (on started_at)";

    private final PlayLogs playLogs;

    PlayLogApi(PlayLogs playLogs) {
        this.playLogs = playLogs;
    }

    @GetMapping(produces = "application/json")
    @Operation(
            summary = "Play logs of the devices in the caller's areas, oldest first (at most 10,000)",
            description = "Outcome: PLAYED, INTERRUPTED, FAILED or SKIPPED. A device or area outside the caller's"
                    + " areas answers 404. Send Accept: text/csv for CSV.")
    @ApiResponse(
            responseCode = "200",
            description = "the play logs; as CSV (UTF-8, a header line, RFC 4180 quoting) for Accept: text/csv",
            content = {
                @Content(
                        mediaType = "application/json",
                        array = @ArraySchema(schema = @Schema(implementation = PlayLogs.Entry.class))),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    List<PlayLogs.Entry> list(
            @Parameter(description = "only this device") @RequestParam(required = false) UUID deviceId,
            @Parameter(description = "only devices under this area") @RequestParam(required = false) UUID areaId,
            @Parameter(description = INSTANT) @RequestParam(required = false) String from,
            @Parameter(description = INSTANT) @RequestParam(required = false) String to) {
        return playLogs.list(CurrentCaller.get(), deviceId, areaId, instant("from", from), instant("to", to));
    }

    @GetMapping(produces = "text/csv")
    @Hidden // documented with the JSON answer: one operation, two representations
    @Operation(summary = "The same play logs as CSV (UTF-8, a header line, RFC 4180 quoting)")
    String csv(
            @RequestParam(required = false) UUID deviceId,
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        StringBuilder csv = new StringBuilder(
                "id,device_id,device_name,item_id,media_id,started_at,ended_at,outcome,reason,received_at\r\n");
        for (PlayLogs.Entry e : list(deviceId, areaId, from, to)) {
            csv.append(e.id())
                    .append(',')
                    .append(e.deviceId())
                    .append(',')
                    .append(quote(e.deviceName()))
                    .append(',')
                    .append(quote(e.itemId()))
                    .append(',')
                    .append(quote(e.mediaId()))
                    .append(',')
                    .append(text(e.startedAt()))
                    .append(',')
                    .append(text(e.endedAt()))
                    .append(',')
                    .append(e.outcome())
                    .append(',')
                    .append(quote(e.reason()))
                    .append(',')
                    .append(text(e.receivedAt()))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (java.time.DateTimeException e) {
            throw ProblemException.badRequest("invalid-instant", "playlog.invalid-instant", field);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** RFC 4180, and a leading =, +, - or @ made inert so a spreadsheet does not run it as a formula. */
    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
