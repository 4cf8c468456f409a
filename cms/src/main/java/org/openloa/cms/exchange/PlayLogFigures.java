package org.openloa.cms.exchange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.bulletin.BulletinQuery;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.playlog.PlayLogs;
import org.springframework.stereotype.Component;

/**
 * The figures this module can count itself, from the bulletin and play-log modules, until the reports module's
 * summary takes its place (a {@code @Primary} {@link DailyFigures} there wins over this one). Plans, missed plays
 * and devices are left null: they are the reports module's to define.
 */
@Component
class PlayLogFigures implements DailyFigures {

    private final BulletinService bulletins;
    private final PlayLogs playLogs;

    PlayLogFigures(BulletinService bulletins, PlayLogs playLogs) {
        this.bulletins = bulletins;
        this.playLogs = playLogs;
    }

    @Override
    public Figures of(Area area, LocalDate day) {
        Instant from = day.atStartOfDay(area.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(area.zone()).toInstant();
        // The server reads for the area: national rights, narrowed to the area's subtree.
        Caller reader = new Caller(Caller.system().userId(), "exchange", Set.of(Role.ADMIN), area.id(), area.path());
        // Approved that day and still approved or since archived: what the area produced.
        long approved = bulletins
                        .search(reader, new BulletinQuery(null, BulletinStatus.APPROVED, null, null, from, to, 0, 1))
                        .getTotalElements()
                + bulletins
                        .search(reader, new BulletinQuery(null, BulletinStatus.ARCHIVED, null, null, from, to, 0, 1))
                        .getTotalElements();
        List<PlayLogs.Entry> logs = playLogs.list(reader, null, null, from, to);
        long aired = 0;
        int interrupted = 0;
        int failed = 0;
        for (PlayLogs.Entry log : logs) {
            switch (log.outcome()) {
                case "INTERRUPTED" -> interrupted++;
                case "FAILED" -> failed++;
                default -> {}
            }
            if (log.endedAt() != null && log.startedAt() != null && !"SKIPPED".equals(log.outcome())) {
                aired += Math.max(
                        0, Duration.between(log.startedAt(), log.endedAt()).toSeconds());
            }
        }
        return new Figures(
                (int) approved,
                null,
                aired,
                logs.size(),
                interrupted,
                failed,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
