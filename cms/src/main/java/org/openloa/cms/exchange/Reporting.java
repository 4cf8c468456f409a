package org.openloa.cms.exchange;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyLeftAir;
import org.openloa.cms.problem.ProblemException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues what goes up, in the transaction that makes it true: an emergency that left the air (with what it was),
 * and each day's figures of the served area and of the areas right under it, once the day is over there
 * ({@code openloa.upstream.figures-at} past midnight in the area's zone) or when an ADMIN asks.
 */
@Component
class Reporting {

    private final PushOutbox outbox;
    private final DailyFigures figures;
    private final AreaService areas;
    private final Emergencies emergencies;
    private final UpstreamSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    Reporting(
            PushOutbox outbox,
            DailyFigures figures,
            AreaService areas,
            Emergencies emergencies,
            UpstreamSettings settings,
            JsonMapper json,
            Clock clock) {
        this.outbox = outbox;
        this.figures = figures;
        this.areas = areas;
        this.emergencies = emergencies;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void leftAir(EmergencyLeftAir left) {
        if (!settings.configured()) {
            return;
        }
        Emergency e = emergencies.get(Caller.system(), left.emergencyId());
        Area area = areas.find(e.areaId()).orElse(null);
        if (area == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("areaCode", area.code());
        body.put("title", e.title());
        body.put("state", left.state().name());
        body.put("startedAt", e.issuedAt());
        body.put("endedAt", left.at());
        outbox.add(
                "EMERGENCY", "/api/v1/exchange/emergencies/" + e.id(), json.writeValueAsString(body), clock.instant());
    }

    /** Queues the figures of {@code day} for the served area and each area right under it; answers how many. */
    @Transactional
    int queueFigures(Area served, LocalDate day) {
        int queued = 0;
        for (Area area : areas.subtree(served.path())) {
            boolean child = served.id().equals(area.parentId());
            if (!area.id().equals(served.id()) && !child) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", area.name());
            body.put("parentCode", child ? served.code() : null);
            body.put("figures", figures.of(area, day));
            outbox.add(
                    "FIGURES",
                    "/api/v1/exchange/figures/" + area.code() + "/" + day,
                    json.writeValueAsString(body),
                    clock.instant());
            queued++;
        }
        return queued;
    }

    /** Yesterday's figures, once, after {@code figures-at} in the served area's zone (each pull asks). */
    @Transactional
    void queueYesterdayIfDue(Area served) {
        LocalDate today = LocalDate.now(clock.withZone(served.zone()));
        LocalTime now = LocalTime.now(clock.withZone(served.zone()));
        LocalDate yesterday = today.minusDays(1);
        if (now.isBefore(settings.figuresAt())
                || outbox.has("/api/v1/exchange/figures/" + served.code() + "/" + yesterday)) {
            return;
        }
        queueFigures(served, yesterday);
    }

    /** The area this instance serves, by the code the upstream knows it by. */
    Area served(String code) {
        return areas.visibleTo(Caller.system()).stream()
                .filter(a -> a.code().equalsIgnoreCase(code))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("area"));
    }
}
