package org.openloa.cms.report;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the closed days into daily rollups, then deletes the raw rows past the retention whose days are folded
 * (docs/reports.md, "Retention and rollups"). Hourly and clustered (one node runs it); both steps are idempotent,
 * so a doubled or recovered run changes nothing, and a server that was down catches up on its next run.
 */
@DisallowConcurrentExecution
class RollupJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);

    private final DailyRollups rollups;

    RollupJob(DailyRollups rollups) {
        this.rollups = rollups;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            int folded = rollups.foldDue();
            if (folded > 0) {
                log.info("Report rollups: {} day(s) folded", folded);
            }
            rollups.deleteExpired();
            rollups.foldToday();
        } catch (RuntimeException e) {
            log.error("Report rollups failed; the next run tries again", e);
            throw new JobExecutionException(e, false);
        }
    }
}
