package org.openloa.cms.exchange;

import org.openloa.cms.area.Area;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the upstream's dispatches (every {@code openloa.upstream.pull-interval}, and when woken), then queues
 * yesterday's figures once they are due. Clustered Quartz runs it on one node at a time; each step keeps its own
 * mark in the database, so a run cut short is finished by the next. A failure (the upstream away) is logged and
 * left to the next run.
 */
@DisallowConcurrentExecution
class PullJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PullJob.class);

    private final Pull pull;
    private final Reporting reporting;

    PullJob(Pull pull, Reporting reporting) {
        this.pull = pull;
        this.reporting = reporting;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            int applied = pull.run();
            if (applied > 0) {
                log.info("Pulled {} dispatch(es) from the upstream", applied);
            }
            Area served = pull.served();
            if (served != null) {
                reporting.queueYesterdayIfDue(served);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Pull from the upstream failed; the next run tries again: {}", e.toString());
        }
    }
}
