package org.openloa.cms.report;

import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the report jobs and their hourly triggers at startup, leaving stored triggers alone: the monthly
 * reports, and the daily rollups with the retention ({@link RollupJob}).
 */
@Component
class MonthlyReportSchedule implements ApplicationRunner {

    /** The job's key: tests trigger it by this name. */
    public static final JobKey JOB = JobKey.jobKey("monthly-reports", "reports");

    /** The rollup and retention job's key: tests trigger it by this name. */
    public static final JobKey ROLLUPS = JobKey.jobKey("daily-rollups", "reports");

    private final Scheduler scheduler;

    MonthlyReportSchedule(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void run(ApplicationArguments args) throws SchedulerException {
        register(
                ROLLUPS,
                RollupJob.class,
                "folds closed days into daily rollups, then deletes raw rows past the retention",
                15);
        register(JOB, MonthlyReportJob.class, "makes the monthly report of every area once its month has ended", 5);
    }

    /** Stores a job and, unless one is stored already, its hourly trigger at {@code minute} past each hour. */
    private void register(JobKey job, Class<? extends org.quartz.Job> type, String description, int minute)
            throws SchedulerException {
        scheduler.addJob(
                JobBuilder.newJob(type)
                        .withIdentity(job)
                        .withDescription(description)
                        .storeDurably()
                        .requestRecovery()
                        .build(),
                true);
        TriggerKey key = TriggerKey.triggerKey(job.getName(), job.getGroup());
        if (scheduler.getTrigger(key) != null) {
            return;
        }
        long hour = 3_600_000L;
        try {
            scheduler.scheduleJob(TriggerBuilder.newTrigger()
                    .withIdentity(key)
                    .forJob(job)
                    .startAt(new Date((System.currentTimeMillis() / hour + 1) * hour + minute * 60_000L))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInHours(1)
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build());
        } catch (ObjectAlreadyExistsException anotherNodeWasFirst) {
            // Nodes starting together: the first one stored it.
        }
    }
}
