package org.openloa.cms.audit.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.audit.AuditAction;
import org.openloa.cms.audit.AuditLog;
import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
@RequestMapping("/audit")
class AuditPages {

    /** Dates typed in the filter are days in Vietnam, where the people reading the log are. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** Every action there is, not only those seen: a filter for one that has not happened yet finds nothing. */
    private static final List<AuditAction> ACTIONS = List.of(AuditAction.values());

    private final AuditLog audit;

    private final AuditWords words;

    AuditPages(AuditLog audit, MessageSource messages) {
        this.audit = audit;
        this.words = new AuditWords(messages);
    }

    @GetMapping
    String list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        model.addAttribute(
                "events",
                audit.search(
                        CurrentCaller.get(),
                        new AuditLog.AuditQuery(
                                actor,
                                action,
                                from == null ? null : from.atStartOfDay(ZONE).toInstant(),
                                to == null
                                        ? null
                                        : to.plusDays(1).atStartOfDay(ZONE).toInstant(),
                                page,
                                50)));
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("zone", ZONE);
        model.addAttribute("words", words);
        return "audit/list";
    }
}
