package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After slots end, finds which devices did not report playing them (every minute by default: EMERGENCY items
 * that ended before now minus their short grace, all items at most every 5 minutes, minus the grace for late
 * logs). Misfire: skip to the next beat; the watermark in the
 * database makes that run cover the gap, so nothing is checked twice or skipped.
 */
@DisallowConcurrentExecution
class MissedPlaysJob extends RecordedJob {

    private final MissedPlays missedPlays;
    private final JobSettings settings;

    MissedPlaysJob(
            TransactionTemplate transaction, JobRuns runs, Clock clock, MissedPlays missedPlays, JobSettings settings) {
        super(transaction, runs, clock);
        this.missedPlays = missedPlays;
        this.settings = settings;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        Instant now = notBefore(scheduledAt);
        String emergencies = missedPlays.sweepEmergencies(now, settings.missedEmergencyGrace());
        return missedPlays.sweep(now, settings.missedPlaysGrace()) + "; " + emergencies;
    }
}
