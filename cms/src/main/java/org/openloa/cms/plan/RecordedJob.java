package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job that does its work in one transaction and records the run in that same transaction. The work must be
 * idempotent and read its state from the database: a run that fired twice, or that another node repeats after
 * this one died mid-way (recovery), changes nothing the first one did not.
 */
abstract class RecordedJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(RecordedJob.class);

    private final TransactionTemplate transaction;
    private final JobRuns runs;
    protected final Clock clock;

    RecordedJob(TransactionTemplate transaction, JobRuns runs, Clock clock) {
        this.transaction = transaction;
        this.runs = runs;
        this.clock = clock;
    }

    /** Does the work; returns a line for the run's record. */
    abstract String work(JobExecutionContext context, Instant scheduledAt);

    @Override
    public final void execute(JobExecutionContext context) throws JobExecutionException {
        Instant fired = clock.instant();
        JobDataMap data = context.getMergedJobDataMap();
        // A recovering run stands for the one that died: record it under the original trigger and fire time.
        String trigger = context.isRecovering() && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME)
                ? data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME)
                : context.getTrigger().getKey().getName();
        Instant scheduled = context.isRecovering()
                        && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)
                ? Instant.ofEpochMilli(Long.parseLong(
                        data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)))
                : context.getScheduledFireTime().toInstant();
        String job = context.getJobDetail().getKey().getName();
        try {
            String instance = context.getScheduler().getSchedulerInstanceId();
            transaction.executeWithoutResult(status -> {
                String detail = work(context, scheduled);
                runs.record(job, trigger, scheduled, fired, clock.instant(), instance, context.isRecovering(), detail);
            });
        } catch (RuntimeException | SchedulerException e) {
            log.error("Job {} ({} at {}) failed; its next run tries again", job, trigger, scheduled, e);
            throw new JobExecutionException(e, false);
        }
    }

    /** The later of now and the scheduled time: Quartz may fire a couple of milliseconds early. */
    Instant notBefore(Instant scheduledAt) {
        Instant now = clock.instant();
        return now.isBefore(scheduledAt) ? scheduledAt : now;
    }
}
