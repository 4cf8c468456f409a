package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.quartz.Job;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the jobs and the repeating triggers at startup, on every node, without disturbing what is
 * already stored: a trigger whose interval is unchanged is left alone (so a restart neither loses nor repeats
 * a fire time); a changed interval replaces it. Job details are durable and rewritten each start, so a job
 * class may move without a data migration.
 *
 * <p>Repeating triggers start on a multiple of their interval (every 30 s at :00 and :30), so every node
 * computes the same trigger, and skip what they missed while no node ran: their work reads its state from the
 * database and the next run catches up (misfire policy "next with remaining count").
 */
@Component
class JobSchedules implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(JobSchedules.class);

    private final Scheduler scheduler;
    private final TransactionTemplate transaction;
    private final JobSettings settings;
    private final Clock clock;

    JobSchedules(Scheduler scheduler, TransactionTemplate transaction, JobSettings settings, Clock clock) {
        this.scheduler = scheduler;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        transaction.executeWithoutResult(status -> {
            try {
                job(EdgeTriggers.DEVICE_OFFLINE, DeviceOfflineJob.class, "marks silent devices offline");
                job(EdgeTriggers.MISSED_PLAYS, MissedPlaysJob.class, "finds plan items no device reported playing");
                job(EdgeTriggers.PLAN_NOTIFY, PlanNotifyJob.class, "wakes devices whose plan changed");
                job(EdgeTriggers.EXPIRY_SWEEP, ExpirySweepJob.class, "ends what is past its end; housekeeping");
                job(EdgeTriggers.BROADCAST_END, BroadcastEndJob.class, "ends a broadcast after its last occurrence");
                job(
                        EdgeTriggers.BULLETIN_EXPIRY,
                        BulletinExpiryJob.class,
                        "archives a bulletin when its validity ends");
                repeating(EdgeTriggers.DEVICE_OFFLINE, settings.deviceOffline());
                repeating(EdgeTriggers.MISSED_PLAYS, settings.missedPlays());
                repeating(EdgeTriggers.PLAN_NOTIFY, settings.planNotify());
                repeating(EdgeTriggers.EXPIRY_SWEEP, settings.expirySweep());
            } catch (SchedulerException e) {
                throw new IllegalStateException("could not register the scheduled jobs", e);
            }
        });
    }

    private void job(JobKey key, Class<? extends Job> type, String description) throws SchedulerException {
        scheduler.addJob(
                JobBuilder.newJob(type)
                        .withIdentity(key)
                        .withDescription(description)
                        .storeDurably()
                        .requestRecovery()
                        .build(),
                true);
    }

    private void repeating(JobKey job, Duration interval) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.getName(), job.getGroup());
        long millis = interval.toMillis();
        Trigger wanted = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(aligned(millis))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(millis)
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        Trigger existing = scheduler.getTrigger(key);
        if (existing instanceof SimpleTrigger simple
                && simple.getRepeatInterval() == millis
                && simple.getMisfireInstruction()
                        == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT) {
            return;
        }
        try {
            if (existing == null) {
                scheduler.scheduleJob(wanted);
            } else {
                scheduler.rescheduleJob(key, wanted);
                log.info("Trigger {} now repeats every {}", key, interval);
            }
        } catch (ObjectAlreadyExistsException anotherNodeWasFirst) {
            // Nodes starting together: the first one stored it.
        }
    }

    /** The next instant that is a whole multiple of the interval since the epoch. */
    private Date aligned(long intervalMillis) {
        long now = clock.millis();
        return new Date((now / intervalMillis + 1) * intervalMillis);
    }
}
