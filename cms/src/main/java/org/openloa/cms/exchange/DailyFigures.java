package org.openloa.cms.exchange;

import java.time.LocalDate;
import org.openloa.cms.area.Area;

/**
 * The figures of one area (with everything under it) for one local day, as this instance pushes them to its
 * upstream. The reports module gives the real summary (docs/reports.md); until it is wired, {@link PlayLogFigures}
 * counts what the bulletins and play logs tell. A figure nobody counted here is null, and travels as null.
 */
public interface DailyFigures {

    Figures of(Area area, LocalDate day);

    /**
     * One area's day. Durations in seconds.
     *
     * @param bulletinsProduced bulletins approved in the area that day
     * @param plannedSeconds    broadcast time planned on the area's devices that day
     * @param airedSeconds      time the devices reported playing (partial plays count their played seconds)
     * @param plays             play logs of the day
     * @param interruptedPlays  of which INTERRUPTED
     * @param failedPlays       of which FAILED
     * @param missedPlays       planned plays no device reported
     * @param devicesInstalled  devices in the area at the end of the day
     * @param devicesWorking    of which working (not in error, heard from) at the end of the day
     * @param onlineRate        the share of the day the area's devices were online, 0..1
     */
    record Figures(
            Integer bulletinsProduced,
            Long plannedSeconds,
            Long airedSeconds,
            Integer plays,
            Integer interruptedPlays,
            Integer failedPlays,
            Integer missedPlays,
            Integer devicesInstalled,
            Integer devicesWorking,
            Double onlineRate) {}
}
