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

/** Registers the monthly report job and its hourly trigger at startup, leaving a stored trigger alone. */
@Component
class MonthlyReportSchedule implements ApplicationRunner {

    /** The job's key: tests trigger it by this name. */
    public static final JobKey JOB = JobKey.jobKey("monthly-reports", "reports");

    private final Scheduler scheduler;

    MonthlyReportSchedule(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void run(ApplicationArguments args) throws SchedulerException {
        scheduler.addJob(
                JobBuilder.newJob(MonthlyReportJob.class)
                        .withIdentity(JOB)
                        .withDescription("makes the monthly report of every area once its month has ended")
                        .storeDurably()
                        .requestRecovery()
                        .build(),
                true);
        TriggerKey key = TriggerKey.triggerKey(JOB.getName(), JOB.getGroup());
        if (scheduler.getTrigger(key) != null) {
            return;
        }
        long hour = 3_600_000L;
        try {
            scheduler.scheduleJob(TriggerBuilder.newTrigger()
                    .withIdentity(key)
                    .forJob(JOB)
                    .startAt(new Date((System.currentTimeMillis() / hour + 1) * hour + 5 * 60_000L))
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
