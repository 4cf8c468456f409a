package org.openloa.cms.exchange;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Service;

/**
 * The downstream's side as its ADMINs (or the upstream, holding such a token) act on it: wake the pull, queue a
 * day's figures, see where the exchange stands. Only an ADMIN reaching the area concerned.
 */
@Service
public class Downstream {

    private final PullSchedule schedule;
    private final Pull pull;
    private final Reporting reporting;
    private final PushOutbox outbox;
    private final AreaService areas;
    private final UpstreamSettings settings;

    Downstream(
            PullSchedule schedule,
            Pull pull,
            Reporting reporting,
            PushOutbox outbox,
            AreaService areas,
            UpstreamSettings settings) {
        this.schedule = schedule;
        this.pull = pull;
        this.reporting = reporting;
        this.outbox = outbox;
        this.areas = areas;
        this.settings = settings;
    }

    /** Wakes the pull now (it runs on one node, soon after). */
    public void wake(Caller caller) {
        requireAdmin(caller);
        try {
            if (!schedule.wake()) {
                throw notConfigured();
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not wake the pull", e);
        }
    }

    /** Queues the figures of a day for the area (and the areas right under it); answers how many were queued. */
    public int queueFigures(Caller caller, UUID areaId, LocalDate day) {
        requireAdmin(caller);
        if (!settings.configured()) {
            throw notConfigured();
        }
        if (day == null) {
            throw ProblemException.rule("day-required", "day", "exchange.day-required");
        }
        Area area = areas.get(caller, areaId == null ? caller.areaId() : areaId);
        return reporting.queueFigures(area, day);
    }

    /** Where the exchange stands: the upstream named, the pull's cursor and what it received, the outbox. */
    public Map<String, Object> status(Caller caller) {
        requireAdmin(caller);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("upstream", settings.url() == null ? null : settings.url().toString());
        Area served = pull.served();
        status.put("areaCode", served == null ? null : served.code());
        status.putAll(pull.status());
        status.put("pushes", outbox.counts());
        return status;
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden();
        }
    }

    private static ProblemException notConfigured() {
        return new ProblemException(RefusalKind.CONFLICT, "no-upstream", "exchange.no-upstream");
    }
}
