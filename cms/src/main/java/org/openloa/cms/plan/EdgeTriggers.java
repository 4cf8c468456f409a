package org.openloa.cms.plan;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-shot triggers at the edges of time: the end of a broadcast, the end of a bulletin's validity, and a
 * wake-up run as soon as a change commits. They are stored by Quartz's JDBC job store in the transaction of
 * the change that asks for them (Spring's job store joins the transaction), just before it commits: the change
 * and its trigger are saved together or not at all. Misfire policy of all of them: fire now (a late end or
 * wake-up is still needed; the jobs are idempotent).
 */
@Component
public class EdgeTriggers {

    static final String GROUP = "openloa";
    static final JobKey DEVICE_OFFLINE = JobKey.jobKey("device-offline", GROUP);
    static final JobKey MISSED_PLAYS = JobKey.jobKey("missed-plays", GROUP);
    static final JobKey PLAN_NOTIFY = JobKey.jobKey("plan-notify", GROUP);
    static final JobKey EXPIRY_SWEEP = JobKey.jobKey("expiry-sweep", GROUP);
    static final JobKey BROADCAST_END = JobKey.jobKey("broadcast-end", GROUP);
    static final JobKey BULLETIN_EXPIRY = JobKey.jobKey("bulletin-expiry", GROUP);
    static final String BROADCAST_ID = "broadcastId";
    static final String BULLETIN_ID = "bulletinId";

    private final Scheduler scheduler;
    private final TransactionTemplate transaction;

    EdgeTriggers(Scheduler scheduler, TransactionTemplate transaction) {
        this.scheduler = scheduler;
        this.transaction = transaction;
    }

    /** Runs the wake-up job once this transaction commits (each time: bursts are serialised by the job). */
    public void notifyPlansChanged() {
        beforeCommit(
                "plan-notify",
                () -> scheduler.scheduleJob(TriggerBuilder.newTrigger()
                        .withIdentity("plan-notify-" + UUID.randomUUID(), "plan-notify-now")
                        .forJob(PLAN_NOTIFY)
                        .startNow()
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build()));
    }

    /** (Re)sets the trigger that ends a broadcast at {@code at}. */
    public void endBroadcastAt(UUID broadcastId, Instant at) {
        beforeCommit(
                "broadcast-end:" + broadcastId,
                () -> put(oneShot(
                        broadcastEndKey(broadcastId), BROADCAST_END, at, BROADCAST_ID, broadcastId.toString())));
    }

    public void cancelBroadcastEnd(UUID broadcastId) {
        beforeCommit("broadcast-end:" + broadcastId, () -> scheduler.unscheduleJob(broadcastEndKey(broadcastId)));
    }

    /** (Re)sets the trigger that archives a bulletin when its validity ends. */
    public void expireBulletinAt(UUID bulletinId, Instant at) {
        beforeCommit(
                "bulletin-expiry:" + bulletinId,
                () -> put(oneShot(
                        bulletinExpiryKey(bulletinId), BULLETIN_EXPIRY, at, BULLETIN_ID, bulletinId.toString())));
    }

    boolean hasBroadcastEnd(UUID broadcastId) throws SchedulerException {
        return scheduler.checkExists(broadcastEndKey(broadcastId));
    }

    static TriggerKey broadcastEndKey(UUID broadcastId) {
        return TriggerKey.triggerKey("broadcast-end-" + broadcastId, "broadcast-end");
    }

    static TriggerKey bulletinExpiryKey(UUID bulletinId) {
        return TriggerKey.triggerKey("bulletin-expiry-" + bulletinId, "bulletin-expiry");
    }

    private static Trigger oneShot(TriggerKey key, JobKey job, Instant at, String dataKey, String dataValue) {
        return TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(Date.from(at))
                .usingJobData(dataKey, dataValue)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    private void put(Trigger trigger) throws SchedulerException {
        Trigger existing = scheduler.getTrigger(trigger.getKey());
        if (existing == null) {
            scheduler.scheduleJob(trigger);
        } else if (!existing.getStartTime().equals(trigger.getStartTime())) {
            scheduler.rescheduleJob(trigger.getKey(), trigger);
        }
    }

    /**
     * Queues a scheduler operation to run just before the current transaction commits, once per key (the last
     * one asked wins); the Quartz lock is then held only for the end of the transaction. Without a transaction
     * it runs at once in one of its own.
     */
    private void beforeCommit(String key, QuartzOperation operation) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            transaction.executeWithoutResult(status -> run(operation));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, QuartzOperation> pending =
                (Map<String, QuartzOperation>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<String, QuartzOperation> queue = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(this, queue);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    queue.values().forEach(EdgeTriggers::run);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(EdgeTriggers.this);
                }
            });
            pending = queue;
        }
        pending.remove(key);
        pending.put(key, operation);
    }

    private static void run(QuartzOperation operation) {
        try {
            operation.run();
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not store a trigger: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface QuartzOperation {
        void run() throws SchedulerException;
    }
}
