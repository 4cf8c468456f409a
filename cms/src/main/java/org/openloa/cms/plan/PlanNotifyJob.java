package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.device.DeviceWakeUp;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wakes every device whose plan version is newer than the last one pushed, then records it as pushed. Fired
 * right after each change commits (one-shot, fire now) and every minute to retry what failed or was lost with
 * a node (repeating; misfire: next beat). A push sent twice is harmless: the device just polls.
 */
@DisallowConcurrentExecution
class PlanNotifyJob extends RecordedJob {

    static final int BATCH = 5000;

    private final PlanVersions versions;
    private final DeviceWakeUp wakeUp;

    PlanNotifyJob(
            TransactionTemplate transaction, JobRuns runs, Clock clock, PlanVersions versions, DeviceWakeUp wakeUp) {
        super(transaction, runs, clock);
        this.versions = versions;
        this.wakeUp = wakeUp;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        List<PlanVersions.Pending> pending = versions.pending(BATCH);
        if (pending.isEmpty()) {
            return "nothing to push";
        }
        Map<UUID, Long> planVersions = new LinkedHashMap<>();
        pending.forEach(p -> planVersions.put(p.deviceId(), p.version()));
        wakeUp.wake(planVersions, "plan-changed");
        versions.notified(pending, clock.instant());
        return pending.size() + " device(s) woken";
    }
}
