package org.openloa.cms.report;

import java.time.LocalDate;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.exchange.DailyFigures;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The figures this instance pushes upstream each day are the report's own (docs/reports.md), so a province's
 * number for a commune is the same one its Báo cáo page shows. Replaces the exchange module's stand-in; the
 * report depends on the exchange and never the other way round. The play counts by outcome are not part of the
 * summary and travel as null, except the failed plays, which are an incident.
 */
@Component
@Primary
class SummaryFigures implements DailyFigures {

    private final ReportService reports;

    SummaryFigures(ReportService reports) {
        this.reports = reports;
    }

    @Override
    public Figures of(Area area, LocalDate day) {
        Summary.Figures f =
                reports.summary(area.id(), day, day, Caller.system()).total();
        return new Figures(
                (int) f.bulletins().total(),
                f.plannedSeconds(),
                f.airedSeconds(),
                null,
                null,
                (int) f.incidents().failedPlays(),
                (int) f.missedPlays(),
                (int) f.devicesInstalled(),
                (int) f.devicesWorkingNow(),
                f.onlineRate(),
                f.liveMinutes(),
                f.relayMinutes(),
                (int) f.incidents().outages(),
                (int) f.incidents().relayLosses(),
                (int) f.incidents().missedEmergencies());
    }
}
