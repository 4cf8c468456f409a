package org.openloa.cms.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.problem.ProblemException;
import org.quartz.JobExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Archives an approved bulletin when its validity ends, which takes it out of every broadcast (and so out of
 * every plan). One trigger per bulletin at its valid-until, set when it is approved. Misfire: fire now.
 * Idempotent: a bulletin no longer approved, or valid longer than planned (revised), is left alone.
 */
class BulletinExpiryJob extends RecordedJob {

    private final BulletinService bulletins;

    BulletinExpiryJob(TransactionTemplate transaction, JobRuns runs, Clock clock, BulletinService bulletins) {
        super(transaction, runs, clock);
        this.bulletins = bulletins;
    }

    @Override
    String work(JobExecutionContext context, Instant scheduledAt) {
        UUID id = UUID.fromString(context.getMergedJobDataMap().getString(EdgeTriggers.BULLETIN_ID));
        return expire(bulletins, id, notBefore(scheduledAt)) ? "archived " + id : "nothing to archive for " + id;
    }

    static boolean expire(BulletinService bulletins, UUID id, Instant now) {
        Bulletin bulletin;
        try {
            bulletin = bulletins.get(Caller.system(), id);
        } catch (ProblemException gone) {
            return false;
        }
        if (bulletin.status() != BulletinStatus.APPROVED
                || bulletin.validUntil() == null
                || bulletin.validUntil().isAfter(now)) {
            return false;
        }
        bulletins.archive(Caller.system(), id);
        return true;
    }
}
