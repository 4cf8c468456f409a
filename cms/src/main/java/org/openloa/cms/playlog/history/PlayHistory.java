package org.openloa.cms.playlog.history;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastItem;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.playlog.PlayLogs;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What one device played, as its play logs say, newest first, each play named by its broadcast and bulletin and
 * told in words (played, played in part, stopped, skipped, failed). Days are the device's area's days: "today"
 * at 06:07 in Vietnam is Vietnam's today, whatever the server's zone.
 */
@Service
@Transactional(readOnly = true)
public class PlayHistory {

    /** The longest stretch one request may ask for. */
    static final Duration MAX_SPAN = Duration.ofDays(31);

    private final PlayLogs playLogs;
    private final DeviceService devices;
    private final AreaService areas;
    private final Programmes programmes;
    private final Clock clock;

    PlayHistory(PlayLogs playLogs, DeviceService devices, AreaService areas, Programmes programmes, Clock clock) {
        this.playLogs = playLogs;
        this.devices = devices;
        this.areas = areas;
        this.programmes = programmes;
        this.clock = clock;
    }

    /** One day of a device's plays (today by default, in its area's zone); 404 outside the caller's areas. */
    public Day day(Caller caller, UUID deviceId, LocalDate date) {
        Device device = devices.get(caller, deviceId);
        ZoneId zone = zone(device);
        LocalDate day = date != null ? date : clock.instant().atZone(zone).toLocalDate();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        return new Day(device, zone, day, today, plays(caller, device, zone, from, to));
    }

    /**
     * A device's plays for the API: one day ({@code date}), or [from, to) where each end is a date (the start
     * of that day in the device's zone) or an instant with offset; at most {@link #MAX_SPAN}.
     */
    public List<Play> between(Caller caller, UUID deviceId, String date, String from, String to) {
        Device device = devices.get(caller, deviceId);
        ZoneId zone = zone(device);
        boolean oneDay = date != null && !date.isBlank();
        if (oneDay && ((from != null && !from.isBlank()) || (to != null && !to.isBlank()))) {
            throw invalid("date", "plays.date-or-range", date);
        }
        Instant start;
        Instant end;
        if (oneDay) {
            LocalDate day = parseDate("date", date);
            start = day.atStartOfDay(zone).toInstant();
            end = day.plusDays(1).atStartOfDay(zone).toInstant();
        } else {
            LocalDate today = clock.instant().atZone(zone).toLocalDate();
            start = from == null || from.isBlank() ? today.atStartOfDay(zone).toInstant() : bound("from", from, zone);
            end = to == null || to.isBlank()
                    ? start.atZone(zone)
                            .toLocalDate()
                            .plusDays(1)
                            .atStartOfDay(zone)
                            .toInstant()
                    : bound("to", to, zone);
        }
        if (!end.isAfter(start)) {
            throw ProblemException.rule("end-before-start", "to", "scheduling.rule.END_BEFORE_START", end);
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw ProblemException.rule("window-too-long", "to", "scheduling.plan.window-too-long", MAX_SPAN.toDays());
        }
        return plays(caller, device, zone, start, end);
    }

    private List<Play> plays(Caller caller, Device device, ZoneId zone, Instant from, Instant to) {
        List<PlayLogs.Entry> logs = playLogs.list(caller, device.id(), null, from, to);
        Set<UUID> broadcastIds = new HashSet<>();
        for (PlayLogs.Entry log : logs) {
            UUID broadcast = broadcastOf(log.itemId());
            if (broadcast != null) {
                broadcastIds.add(broadcast);
            }
        }
        Map<UUID, Broadcast> broadcasts = programmes.rows(broadcastIds);
        List<Play> plays = new ArrayList<>(logs.size());
        for (PlayLogs.Entry log : logs) {
            UUID broadcastId = broadcastOf(log.itemId());
            Broadcast broadcast = broadcastId == null ? null : broadcasts.get(broadcastId);
            BroadcastItem bulletin = broadcast == null || log.mediaId() == null
                    ? null
                    : broadcast.items().stream()
                            .filter(i -> i.mediaAssetId().toString().equals(log.mediaId()))
                            .findFirst()
                            .orElse(null);
            Instant scheduled = scheduledOf(log.itemId());
            Long seconds = log.startedAt() == null || log.endedAt() == null
                    ? null
                    : Duration.between(log.startedAt(), log.endedAt()).toSeconds();
            plays.add(new Play(
                    log.id(),
                    log.itemId(),
                    broadcastId,
                    broadcast == null ? null : broadcast.title(),
                    bulletin == null ? null : bulletin.bulletinId(),
                    bulletin == null ? null : bulletin.title(),
                    log.mediaId(),
                    at(scheduled, zone),
                    at(log.startedAt(), zone),
                    at(log.endedAt(), zone),
                    seconds,
                    log.outcome(),
                    Result.of(log.outcome(), log.endedAt() != null),
                    log.reason()));
        }
        plays.sort(Comparator.comparing((Play p) ->
                        p.startedAt() == null ? Instant.MIN : p.startedAt().toInstant())
                .reversed());
        return plays;
    }

    private ZoneId zone(Device device) {
        return areas.find(device.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }

    /** The broadcast of a plan item id ({@code <broadcast>@<occurrence>[#part]}), or null if it is not one. */
    static UUID broadcastOf(String itemId) {
        int at = itemId == null ? -1 : itemId.indexOf('@');
        if (at <= 0) {
            return null;
        }
        try {
            return UUID.fromString(itemId.substring(0, at));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** When the item was scheduled: the occurrence in its id, whatever delay or resumption followed. */
    static Instant scheduledOf(String itemId) {
        int at = itemId == null ? -1 : itemId.indexOf('@');
        if (at < 0) {
            return null;
        }
        String rest = itemId.substring(at + 1);
        int part = rest.indexOf('#');
        try {
            return Instant.parse(part < 0 ? rest : rest.substring(0, part));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }

    private static Instant bound(String field, String text, ZoneId zone) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notAnInstant) {
            return parseDate(field, value).atStartOfDay(zone).toInstant();
        }
    }

    private static LocalDate parseDate(String field, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw invalid(field, "scheduling.plan.invalid-bound", text);
        }
    }

    private static ProblemException invalid(String field, String key, String text) {
        return new ProblemException(
                RefusalKind.INVALID,
                "invalid-input",
                List.of(new ProblemException.FieldProblem(field, key, new Object[] {text})),
                "problem.invalid-input");
    }

    /** A device's day of plays, with the day shown and the device's today (both in its area's zone). */
    public record Day(Device device, ZoneId zone, LocalDate date, LocalDate today, List<Play> plays) {

        public LocalDate previous() {
            return date.minusDays(1);
        }

        /** The next day, or null when the day shown is today (nothing has played tomorrow). */
        public LocalDate next() {
            return date.isBefore(today) ? date.plusDays(1) : null;
        }
    }

    /** What a play came to, in the words an operator uses. */
    public enum Result {
        /** Played to its end (Đã phát). */
        PLAYED,
        /** Started and cut short: by an emergency, the end of its slot, a STOP (Phát một phần). */
        PARTLY,
        /** Stopped while it played, end unknown: the box went off or the agent restarted (Bị dừng). */
        STOPPED,
        /** Never started: not downloaded, missed its start, quiet hours, arrived late (Bỏ qua). */
        SKIPPED,
        /** The player could not play it (Lỗi). */
        FAILED;

        static Result of(String outcome, boolean ended) {
            return switch (outcome) {
                case "PLAYED" -> PLAYED;
                case "INTERRUPTED" -> ended ? PARTLY : STOPPED;
                case "SKIPPED" -> SKIPPED;
                default -> FAILED;
            };
        }
    }

    @Schema(name = "Play", description = "One play of a device, as its play log says, with what it played")
    public record Play(
            @Schema(description = "the play log's id (the device's own)")
            UUID id,

            @Schema(description = "the plan item") String itemId,

            @Schema(description = "the broadcast the item belongs to; null when the id names none")
            UUID broadcastId,

            @Schema(description = "the broadcast's title; null when it was deleted since")
            String broadcastTitle,

            @Schema(description = "the bulletin whose audio played; null for a stream or an unknown media")
            UUID bulletinId,

            @Schema(description = "the bulletin's title as the broadcast lists it")
            String bulletinTitle,

            @Schema(description = "the media played; null for a stream")
            String mediaId,

            @Schema(description = "when the item was scheduled, in the device's area's zone")
            OffsetDateTime scheduledAt,

            @Schema(description = "when it started (for SKIPPED: when it would have)")
            OffsetDateTime startedAt,

            @Schema(description = "when it ended; null when unknown")
            OffsetDateTime endedAt,

            @Schema(description = "seconds on air (end minus start); null when the end is unknown")
            Long playedSeconds,

            @Schema(description = "the outcome the device reported: PLAYED, INTERRUPTED, FAILED or SKIPPED")
            String outcome,

            @Schema(
                    description =
                            "what that means: PLAYED, PARTLY (cut short), STOPPED (end unknown), SKIPPED or FAILED")
            Result result,

            @Schema(description = "why, for anything but PLAYED, as the device said it")
            String reason) {}
}
