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
 * @param downstream set when some of the total came from downstream instances' pushes
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
        List<Day> days,

        @Schema(description = "set when some of the total was pushed by downstream instances; null otherwise")
        Downstream downstream) {

    /** A summary counted here only. */
    public Summary(
            AreaRef area,
            LocalDate from,
            LocalDate to,
            String zone,
            Instant madeAt,
            Figures total,
            List<AreaFigures> children,
            List<Day> days) {
        this(area, from, to, zone, madeAt, total, children, days, null);
    }

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
            @Schema(description = "the child area; its id is null for an area only a downstream instance has")
            AreaRef area,

            @Schema(description = "its figures, with everything under it")
            Figures figures,

            @Schema(description = "set when (some of) its figures were pushed by a downstream instance; null otherwise")
            Downstream downstream) {

        /** A child area counted here only (no downstream instance serves it). */
        public AreaFigures(AreaRef area, Figures figures) {
            this(area, figures, null);
        }
    }

    /**
     * Where figures pushed by a downstream instance came from (docs/reports.md, "Downstream instances").
     *
     * @param days         how many days of the period it reported
     * @param lastReceived when its latest push for the period arrived here
     */
    @Schema(name = "ReportDownstream", description = "Figures pushed by a downstream instance (docs/exchange.md)")
    public record Downstream(
            @Schema(description = "days of the period the downstream instance reported")
            int days,

            @Schema(description = "when its latest push for the period arrived")
            Instant lastReceived) {}

    /**
     * Incidents (docs/reports.md, "Incidents"), each counted once in the area of its device.
     *
     * @param total             the sum of the four kinds
     * @param outages           a loudspeaker silent (no heartbeat) for more than 30 minutes
     * @param failedPlays       play logs FAILED: the box could not play an item
     * @param relayLosses       relay plays that lost their source for a while
     * @param missedEmergencies EMERGENCY plan items a loudspeaker did not report played
     */
    @Schema(name = "ReportIncidents", description = "Incidents under an area in the period (docs/reports.md)")
    public record Incidents(
            @Schema(description = "the sum of the kinds below")
            long total,

            @Schema(description = "loudspeakers silent (no heartbeat) for more than 30 minutes")
            long outages,

            @Schema(description = "plays the box reported FAILED")
            long failedPlays,

            @Schema(description = "relay plays that lost their source for a while")
            long relayLosses,

            @Schema(description = "EMERGENCY plan items a loudspeaker did not report played")
            long missedEmergencies) {

        public static final Incidents NONE = new Incidents(0, 0, 0, 0, 0);

        public Incidents plus(Incidents o) {
            if (o == null) {
                return this;
            }
            return new Incidents(
                    total + o.total,
                    outages + o.outages,
                    failedPlays + o.failedPlays,
                    relayLosses + o.relayLosses,
                    missedEmergencies + o.missedEmergencies);
        }
    }

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
            Double onlineRate,

            @Schema(description = "minutes on air of live sessions (summed over loudspeakers); null: not counted")
            Double liveMinutes,

            @Schema(description = "minutes on air of stream relays (summed over loudspeakers); null: not counted")
            Double relayMinutes,

            @Schema(description = "incidents (docs/reports.md); null: not counted")
            Incidents incidents) {

        /** The figures without live, relay and incidents (added by their own steps, docs/reports.md). */
        public Figures(
                Bulletins bulletins,
                long plannedSeconds,
                long airedSeconds,
                double plannedMinutes,
                double airedMinutes,
                Double compliance,
                Map<String, Double> airedMinutesByCategory,
                long missedPlays,
                long devicesInstalled,
                long devicesWorkingNow,
                Double onlineRate) {
            this(
                    bulletins,
                    plannedSeconds,
                    airedSeconds,
                    plannedMinutes,
                    airedMinutes,
                    compliance,
                    airedMinutesByCategory,
                    missedPlays,
                    devicesInstalled,
                    devicesWorkingNow,
                    onlineRate,
                    null,
                    null,
                    null);
        }

        /** These figures with live and relay minutes and incidents set. */
        public Figures withStreamsAndIncidents(Double live, Double relay, Incidents counted) {
            return new Figures(
                    bulletins,
                    plannedSeconds,
                    airedSeconds,
                    plannedMinutes,
                    airedMinutes,
                    compliance,
                    airedMinutesByCategory,
                    missedPlays,
                    devicesInstalled,
                    devicesWorkingNow,
                    onlineRate,
                    live,
                    relay,
                    counted);
        }
    }

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
