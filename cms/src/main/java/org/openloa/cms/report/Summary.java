package org.openloa.cms.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report of an area over a period (docs/reports.md defines every figure). Its shape is kept stable: the
 * exchange between levels sends it upstream as it is.
 *
 * @param area     the area reported on
 * @param from     the first day, in the area's zone
 * @param to       the last day (included), in the area's zone
 * @param zone     the area's time zone, in which the days are counted
 * @param madeAt   when the figures were read
 * @param total    the area with everything under it
 * @param children each child area (not retired) with everything under it; devices and bulletins of the area
 *                 itself count only in {@code total}
 * @param days     the area's figures day by day (for the charts)
 */
@Schema(name = "ReportSummary", description = "Figures of an area and of each child area over a period")
public record Summary(
        @Schema(description = "the area reported on") AreaRef area,

        @Schema(description = "the first day, in the area's zone")
        LocalDate from,

        @Schema(description = "the last day (included), in the area's zone")
        LocalDate to,

        @Schema(description = "the area's time zone, in which days are counted")
        String zone,

        @Schema(description = "when the figures were read") Instant madeAt,

        @Schema(description = "the area with everything under it")
        Figures total,

        @Schema(description = "each child area not retired, with everything under it")
        List<AreaFigures> children,

        @Schema(description = "the area's figures day by day")
        List<Day> days) {

    @Schema(name = "ReportArea", description = "An area named in a report")
    public record AreaRef(
            @Schema(description = "the area's id") UUID id,

            @Schema(description = "the area's code (matched between instances)")
            String code,

            @Schema(description = "the area's name") String name,

            @Schema(description = "the area's level, e.g. commune")
            String kind) {}

    @Schema(name = "ReportAreaFigures", description = "One child area's figures")
    public record AreaFigures(
            @Schema(description = "the child area") AreaRef area,

            @Schema(description = "its figures, with everything under it")
            Figures figures) {}

    @Schema(name = "ReportFigures", description = "The figures of an area with everything under it")
    public record Figures(
            @Schema(description = "bulletins first created in the period, by their latest status, category, priority")
            Bulletins bulletins,

            @Schema(description = "seconds of plan items sent to devices, starting in the period, summed over devices")
            long plannedSeconds,

            @Schema(description = "seconds on air of those items (each clipped to its planned length)")
            long airedSeconds,

            @Schema(description = "plannedSeconds in minutes, to a tenth")
            double plannedMinutes,

            @Schema(description = "airedSeconds in minutes, to a tenth")
            double airedMinutes,

            @Schema(description = "airedMinutes / plannedMinutes, from 0 to 1; null when nothing was planned")
            Double compliance,

            @Schema(description = "minutes on air by bulletin category code; '-' for streams and other audio")
            Map<String, Double> airedMinutesByCategory,

            @Schema(description = "plan items ending in the period that their device did not report played")
            long missedPlays,

            @Schema(description = "loudspeakers installed: enrolled and not retired")
            long devicesInstalled,

            @Schema(description = "installed loudspeakers online now")
            long devicesWorkingNow,

            @Schema(description = "share of installed devices' 5-minute slots with a heartbeat; null when none")
            Double onlineRate) {}

    @Schema(name = "ReportBulletins", description = "Bulletins produced, counted three ways")
    public record Bulletins(
            @Schema(description = "bulletins produced in the period")
            long total,

            @Schema(description = "by the status of their latest revision")
            Map<String, Long> byStatus,

            @Schema(description = "by category code") Map<String, Long> byCategory,

            @Schema(description = "by priority: NORMAL, PRIORITY, EMERGENCY")
            Map<String, Long> byPriority) {}

    @Schema(name = "ReportDay", description = "One day of the area's figures")
    public record Day(
            @Schema(description = "the day, in the area's zone")
            LocalDate date,

            @Schema(description = "minutes planned to start that day")
            double plannedMinutes,

            @Schema(description = "minutes aired of them") double airedMinutes,

            @Schema(description = "share of 5-minute slots heard that day; null when none possible")
            Double onlineRate) {}
}
