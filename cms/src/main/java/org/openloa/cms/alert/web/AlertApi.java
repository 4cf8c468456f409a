package org.openloa.cms.alert.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.alert.Alert;
import org.openloa.cms.alert.AlertService;
import org.openloa.cms.alert.AlertState;
import org.openloa.scheduler.broadcast.Priority;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Alerts", description = "CAP 1.2 alerts in: stored, and aired as emergencies when Actual")
class AlertApi {

    static final String CAP_XML = "application/cap+xml";

    private final AlertService alerts;

    AlertApi(AlertService alerts) {
        this.alerts = alerts;
    }

    @Schema(description = "A CAP alert OpenLoa took in, and what became of it")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AlertView(
            @Schema(description = "OpenLoa's id of the alert")
            UUID id,

            @Schema(
                    description =
                            "STORED (never airs), AIRING, UPDATED, CANCELLED, STOPPED (by a Cancel or an operator), ENDED (its last airing over) or NOT_AIRED")
            AlertState state,

            @Schema(description = "why it is in that state, when it did not simply air")
            String reason,

            @Schema(description = "CAP status: Actual, Exercise, System, Test or Draft")
            String status,

            @Schema(description = "CAP msgType: Alert, Update, Cancel, Ack or Error")
            String msgType,

            @Schema(description = "CAP sender") String sender,
            @Schema(description = "CAP identifier") String identifier,
            @Schema(description = "CAP sent") Instant sent,
            @Schema(description = "CAP scope") String scope,

            @Schema(description = "the messages it refers to, \"sender,identifier,sent\" each")
            List<String> references,

            @Schema(description = "the title it airs under") String title,

            @Schema(description = "EMERGENCY or PRIORITY (see docs/emergency.md)")
            Priority priority,

            @Schema(description = "when it stops airing (CAP expires)")
            Instant expiresAt,

            @Schema(description = "the emergency it aired as (or updated, or cancelled)")
            UUID emergencyId,

            @Schema(description = "the broadcasts of that emergency")
            List<UUID> broadcastIds,

            @Schema(description = "how many devices in service it targets, within the poster's reach")
            int targetedDevices,

            @Schema(description = "the areas it targets (by geocode)")
            List<UUID> targetAreaIds,

            @Schema(description = "the devices it targets one by one (by polygon or circle)")
            List<UUID> targetDeviceIds,

            @Schema(description = "the alert an Update or Cancel applied to")
            UUID referencesAlert,

            @Schema(description = "who posted it (a user, or the user a feed acts as)")
            String postedBy,

            @Schema(description = "when OpenLoa received it")
            Instant receivedAt,

            @Schema(description = "when it was taken off air")
            Instant stoppedAt,

            @Schema(description = "GET of one alert: where each targeted device stands, as on the emergency's board")
            Object board) {}

    @PostMapping(consumes = {CAP_XML, "application/xml", "text/xml"})
    @Operation(
            summary = "Take in a CAP 1.2 alert (an OPERATOR or ADMIN)",
            description = "Validated against the OASIS CAP 1.2 schema. status Actual airs; Test, Exercise, System"
                    + " and Draft are stored only. msgType Alert airs, Update replaces what the referenced alert"
                    + " airs, Cancel takes it off air. Areas: polygons and circles select devices by coordinates,"
                    + " geocodes whose value is an OpenLoa area code select that area; clipped to the caller's"
                    + " reach. The same sender and identifier again answers 200 with the stored alert.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(mediaType = CAP_XML, schema = @Schema(type = "string", format = "xml"))))
    @ApiResponse(responseCode = "202", description = "taken in (and, when Actual, on air)")
    @ApiResponse(responseCode = "200", description = "already taken in: the stored alert")
    @ApiResponse(responseCode = "400", description = "not a CAP 1.2 document; errors names the element")
    @ApiResponse(responseCode = "422", description = "nothing within the caller's reach, or nothing to air")
    ResponseEntity<AlertView> receive(@RequestBody byte[] document) {
        Caller caller = CurrentCaller.get();
        AlertService.Received received;
        try {
            received = alerts.receive(caller, document);
        } catch (DataIntegrityViolationException sameAlertAtOnce) {
            // The same alert posted twice at the same moment (a client retrying, two feeds): the other one was
            // stored first and this transaction rolled back whole; asked again, it is the stored one.
            received = alerts.receive(caller, document);
        }
        AlertView view = view(received.alert(), received.alert().broadcastIds(), null);
        if (!received.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/alerts/" + view.id()))
                .body(view);
    }

    @GetMapping
    @Operation(summary = "Alerts posted within the caller's reach, newest first")
    List<AlertView> list(@RequestParam(defaultValue = "100") int limit) {
        Caller caller = CurrentCaller.get();
        return alerts.list(caller, limit).stream()
                .map(a -> view(a, a.broadcastIds(), null))
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One alert, with where each targeted device stands with its emergency")
    AlertView get(@PathVariable UUID id) {
        Caller caller = CurrentCaller.get();
        Alert alert = alerts.get(caller, id);
        return view(alert, alerts.broadcastIds(caller, alert), alerts.board(caller, alert));
    }

    private static AlertView view(Alert a, List<UUID> broadcastIds, Object board) {
        return new AlertView(
                a.id(),
                a.state(),
                a.reason(),
                a.status(),
                a.msgType(),
                a.sender(),
                a.identifier(),
                a.sent(),
                a.scope(),
                a.references(),
                a.title(),
                a.priority(),
                a.expiresAt(),
                a.emergencyId(),
                broadcastIds,
                a.targetedDevices(),
                List.copyOf(a.targetAreaIds()),
                List.copyOf(a.targetDeviceIds()),
                a.referencesAlert(),
                a.postedBy(),
                a.receivedAt(),
                a.stoppedAt(),
                board);
    }
}
