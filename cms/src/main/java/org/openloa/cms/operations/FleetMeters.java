package org.openloa.cms.operations;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters of what the boxes report, kept under stable names for the dashboard (docs/operations.md). The modules
 * that receive the reports call these; the names and tags live here, in one place.
 */
@Component
public class FleetMeters {

    static final String UPGRADE_REPORTS = "openloa.agent.upgrade.reports";

    private final MeterRegistry meters;

    FleetMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * {@code openloa_agent_upgrade_reports_total{state}}: a box reported a new state of its latest upgrade
     * (UPGRADING, UPGRADED, REFUSED, ROLLED_BACK): a rollout's progress, and when to stop it.
     */
    public void upgradeReported(String state) {
        meters.counter(UPGRADE_REPORTS, "state", state).increment();
    }
}
