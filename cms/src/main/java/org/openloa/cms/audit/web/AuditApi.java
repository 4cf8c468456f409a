package org.openloa.cms.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.audit.AuditEvent;
import org.openloa.cms.audit.AuditLog;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log", description = "Logins and changes within the caller's area; administrators only")
class AuditApi {

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Schema(description = "A login or a change, as the audit log recorded it")
    record EventView(
            @Schema(description = "when it happened") Instant at,
            @Schema(description = "who did it (a username)") String actor,

            @Schema(description = "what was done, e.g. LOGIN or BULLETIN_APPROVED")
            String action,

            @Schema(description = "the kind of thing changed, e.g. bulletin")
            String targetType,

            @Schema(description = "the id of the thing changed")
            String targetId,

            @Schema(description = "more about it, e.g. a reason")
            String detail,

            @Schema(description = "the address the request came from")
            String remoteAddress) {}

    @Schema(description = "One page of audit events, newest first")
    record EventPage(
            @Schema(description = "the events of this page") List<EventView> events,
            @Schema(description = "the page number, from 0") int page,
            @Schema(description = "the page size") int size,

            @Schema(description = "how many events match in all")
            long total) {}

    @GetMapping
    @Operation(summary = "Newest first; filter by actor, action and time")
    @ApiResponse(responseCode = "403", description = "administrators only")
    EventPage search(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Page<AuditEvent> events =
                audit.search(CurrentCaller.get(), new AuditLog.AuditQuery(actor, action, from, to, page, size));
        return new EventPage(
                events.map(AuditApi::view).getContent(),
                events.getNumber(),
                events.getSize(),
                events.getTotalElements());
    }

    static EventView view(AuditEvent e) {
        return new EventView(
                e.getAt(),
                e.getActor(),
                e.getAction(),
                e.getTargetType(),
                e.getTargetId(),
                e.getDetail(),
                e.getRemoteAddress());
    }
}
