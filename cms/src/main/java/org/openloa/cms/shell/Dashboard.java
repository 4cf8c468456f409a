package org.openloa.cms.shell;

import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.plan.MissedPlays;
import org.openloa.cms.user.UserService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page after login: real counts for the caller's subtree. */
@Controller
class Dashboard {

    private final AreaService areas;
    private final UserService users;
    private final AuditLog audit;
    private final MissedPlays missedPlays;
    private final YourTasks tasks;

    Dashboard(AreaService areas, UserService users, AuditLog audit, MissedPlays missedPlays, YourTasks tasks) {
        this.tasks = tasks;
        this.areas = areas;
        this.users = users;
        this.audit = audit;
        this.missedPlays = missedPlays;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("areaCount", areas.countActiveVisibleTo(caller));
        model.addAttribute("missedPlayCount", missedPlays.countLastDay(caller));
        model.addAttribute("tasks", tasks.of(caller));
        model.addAttribute(
                "scopeName",
                caller.areaId() == null
                        ? null
                        : areas.get(caller, caller.areaId()).name());
        if (caller.has(Role.ADMIN)) {
            model.addAttribute("userCount", users.countVisibleTo(caller));
            model.addAttribute("eventCount", audit.countToday(caller));
        }
        return "dashboard";
    }
}
