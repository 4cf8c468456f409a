package org.openloa.cms.exchange;

import io.swagger.v3.oas.annotations.media.Schema;
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
     * @param liveMinutes       minutes on air of live sessions, summed over loudspeakers (to a tenth)
     * @param relayMinutes      minutes on air of stream relays, summed over loudspeakers (to a tenth)
     * @param outages           loudspeakers silent (no heartbeat) for 30 minutes or more, by when it ended
     * @param relayLosses       relay plays that lost their source for a while
     * @param missedEmergencies EMERGENCY plan items a loudspeaker did not report played
     */
    @Schema(description = "One area's figures for one local day; a figure not counted is null")
    record Figures(
            @Schema(description = "bulletins approved in the area that day")
            Integer bulletinsProduced,

            @Schema(description = "broadcast seconds planned on the area's devices")
            Long plannedSeconds,

            @Schema(description = "seconds the devices reported playing")
            Long airedSeconds,

            @Schema(description = "play logs of the day") Integer plays,
            @Schema(description = "of which INTERRUPTED") Integer interruptedPlays,
            @Schema(description = "of which FAILED") Integer failedPlays,

            @Schema(description = "planned plays no device reported")
            Integer missedPlays,

            @Schema(description = "devices in the area at the end of the day")
            Integer devicesInstalled,

            @Schema(description = "of which working at the end of the day")
            Integer devicesWorking,

            @Schema(description = "the share of the day the devices were online, 0..1")
            Double onlineRate,

            @Schema(description = "minutes on air of live sessions, summed over loudspeakers (since v1.1)")
            Double liveMinutes,

            @Schema(description = "minutes on air of stream relays, summed over loudspeakers (since v1.1)")
            Double relayMinutes,

            @Schema(description = "incidents: loudspeakers silent for 30 minutes or more (since v1.1)")
            Integer outages,

            @Schema(description = "incidents: relay plays that lost their source for a while (since v1.1)")
            Integer relayLosses,

            @Schema(description = "incidents: EMERGENCY plan items a loudspeaker did not report played (since v1.1)")
            Integer missedEmergencies) {}
}
