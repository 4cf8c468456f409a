package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.broadcast.BroadcastService;
import org.quartz.JobExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends a broadcast when its last occurrence is over: one trigger per broadcast at its end, (re)set whenever it
 * is saved. Misfire: fire now (a late end is still due). Idempotent: an ended broadcast stays ended.
 */
class BroadcastEndJob extends RecordedJob {

    private final BroadcastService broadcasts;

    BroadcastEndJob(TransactionTemplate transaction, JobRuns runs, Clock clock, BroadcastService broadcasts) {
        super(transaction, runs, clock);
        this.broadcasts = broadcasts;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        UUID id = UUID.fromString(context.getMergedJobDataMap().getString(EdgeTriggers.BROADCAST_ID));
        return broadcasts.endIfOver(id, notBefore(scheduledAt)) ? "ended " + id : "nothing to end for " + id;
    }
}
