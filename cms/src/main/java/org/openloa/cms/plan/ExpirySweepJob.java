package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.bulletin.BulletinService;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The safety net behind the one-shot triggers (hourly; misfire: next beat): ends broadcasts and archives
 * bulletins past their end whose trigger never fired (created before this job existed, or lost), sets the
 * missing end triggers again, and forgets job runs older than two weeks.
 */
@DisallowConcurrentExecution
class ExpirySweepJob extends RecordedJob {

    static final Duration KEEP_RUNS = Duration.ofDays(14);

    private final BroadcastService broadcasts;
    private final BulletinService bulletins;
    private final Programmes programmes;
    private final EdgeTriggers triggers;
    private final JobRuns runs;

    ExpirySweepJob(
            TransactionTemplate transaction,
            JobRuns runs,
            Clock clock,
            BroadcastService broadcasts,
            BulletinService bulletins,
            Programmes programmes,
            EdgeTriggers triggers) {
        super(transaction, runs, clock);
        this.broadcasts = broadcasts;
        this.bulletins = bulletins;
        this.programmes = programmes;
        this.triggers = triggers;
        this.runs = runs;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        Instant now = notBefore(scheduledAt);
        int ended = broadcasts.endOverdue(now);
        int archived = 0;
        for (UUID id : bulletins.approvedEndedBy(now)) {
            archived += BulletinExpiryJob.expire(bulletins, id, now) ? 1 : 0;
        }
        int restored = 0;
        for (Broadcast broadcast : programmes.live().rows().values()) {
            try {
                if (broadcast.endsAt() != null
                        && broadcast.endsAt().isAfter(now)
                        && !triggers.hasBroadcastEnd(broadcast.id())) {
                    triggers.endBroadcastAt(broadcast.id(), broadcast.endsAt());
                    restored++;
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
        int purged = runs.purgeBefore(now.minus(KEEP_RUNS));
        return ended + " broadcast(s) ended, " + archived + " bulletin(s) archived, " + restored
                + " end trigger(s) restored, " + purged + " old run(s) forgotten";
    }
}
