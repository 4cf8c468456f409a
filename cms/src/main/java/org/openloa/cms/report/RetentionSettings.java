package org.openloa.cms.report;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long raw report rows are kept and when days are folded into daily rollups (docs/reports.md, "Retention
 * and rollups").
 *
 * @param raw        how long raw play logs and heartbeat slots are kept, counted back from today (default 13
 *                   months: a year's report can always be recomputed from raw rows, with a month to spare); a day
 *                   older than this is deleted only once it is folded
 * @param foldDelay  how long after a day ends (in its zone) it is first folded (default 1 hour: late play logs
 *                   and heartbeats of the last minutes arrive first)
 * @param refoldDays how many days back a folded day is folded again, once a day, so that play logs arriving late
 *                   (a box offline for days sends them from its outbox) still count (default 7)
 * @param deleteRaw  whether the retention deletes raw rows at all (default true)
 */
@ConfigurationProperties("openloa.retention")
public record RetentionSettings(Period raw, Duration foldDelay, Integer refoldDays, Boolean deleteRaw) {

    public RetentionSettings {
        raw = raw == null ? Period.ofMonths(13) : raw;
        foldDelay = foldDelay == null ? Duration.ofHours(1) : foldDelay;
        refoldDays = refoldDays == null ? 7 : refoldDays;
        deleteRaw = deleteRaw == null ? Boolean.TRUE : deleteRaw;
        if (raw.isNegative() || raw.isZero()) {
            throw new IllegalArgumentException("openloa.retention.raw must be positive: " + raw);
        }
        if (foldDelay.isNegative() || refoldDays < 0) {
            throw new IllegalArgumentException("openloa.retention.fold-delay and refold-days must not be negative");
        }
    }
}
