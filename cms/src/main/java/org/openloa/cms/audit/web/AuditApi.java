package org.openloa.cms.audit.web;

import io.swagger.v3.oas.annotations.Operation;
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

    record EventView(
            Instant at,
            String actor,
            String action,
            String targetType,
            String targetId,
            String detail,
            String remoteAddress) {}

    record EventPage(List<EventView> events, int page, int size, long total) {}

    @GetMapping
    @Operation(summary = "Newest first; filter by actor, action and time")
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
