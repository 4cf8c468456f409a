package org.openloa.cms.exchange;

import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the pull with the clustered Quartz scheduler at startup when an upstream is named (and removes it when
 * none is any more), and wakes it on demand: a wake-up is a one-shot trigger of the same job, so however many
 * arrive, the pulls run one at a time on one node.
 */
@Component
class PullSchedule implements ApplicationRunner {

    static final JobKey JOB = JobKey.jobKey("exchange-pull", "exchange");
    static final TriggerKey TRIGGER = TriggerKey.triggerKey("exchange-pull", "exchange");

    private final Scheduler scheduler;
    private final UpstreamSettings settings;

    PullSchedule(Scheduler scheduler, UpstreamSettings settings) {
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) throws SchedulerException {
        if (!settings.configured()) {
            if (scheduler.checkExists(JOB)) {
                scheduler.deleteJob(JOB);
            }
            return;
        }
        scheduler.addJob(
                JobBuilder.newJob(PullJob.class)
                        .withIdentity(JOB)
                        .withDescription("pulls the upstream's dispatches; queues the day's figures")
                        .storeDurably()
                        .build(),
                true);
        long millis = settings.pullInterval().toMillis();
        Trigger wanted = TriggerBuilder.newTrigger()
                .withIdentity(TRIGGER)
                .forJob(JOB)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(millis)
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        Trigger existing = scheduler.getTrigger(TRIGGER);
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == millis) {
            return;
        }
        try {
            if (existing == null) {
                scheduler.scheduleJob(wanted);
            } else {
                scheduler.rescheduleJob(TRIGGER, wanted);
            }
        } catch (ObjectAlreadyExistsException anotherNodeWasFirst) {
            // nodes starting together: the first one stored it
        }
    }

    /** Wakes the pull now; false when no upstream is named. */
    boolean wake() throws SchedulerException {
        if (!settings.configured()) {
            return false;
        }
        scheduler.triggerJob(JOB);
        return true;
    }
}
