package org.openloa.cms.report;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the monthly reports that are due. It runs every hour rather than on a cron of the first of the month:
 * areas have zones of their own, and a server that was down on the first still makes them when it comes back.
 * The work is idempotent ({@link MonthlyReports#makeDue}), so a doubled or recovered run changes nothing.
 */
@DisallowConcurrentExecution
class MonthlyReportJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(MonthlyReportJob.class);

    private final MonthlyReports monthly;

    MonthlyReportJob(MonthlyReports monthly) {
        this.monthly = monthly;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            int made = monthly.makeDue();
            if (made > 0) {
                log.info("Monthly reports: {} made", made);
            }
        } catch (RuntimeException e) {
            log.error("Monthly reports failed; the next run tries again", e);
            throw new JobExecutionException(e, false);
        }
    }
}
