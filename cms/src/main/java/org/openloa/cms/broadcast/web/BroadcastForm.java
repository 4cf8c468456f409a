package org.openloa.cms.broadcast.web;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastItem;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.broadcast.ScheduleSpec;
import org.openloa.cms.broadcast.TargetArea;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;

/**
 * The broadcast form's fields as a browser sends them (a local date-time, comma-separated times and days), kept
 * as typed when a submission is refused, and turned into the same draft the API takes.
 */
public class BroadcastForm {

    static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    public UUID areaId;
    public String title;
    public List<UUID> bulletinIds = new ArrayList<>();
    public String streamUrl;
    public Integer slotMinutes;
    public List<UUID> targetAreaIds = new ArrayList<>();
    public String tags;
    public String scheduleType = ScheduleSpec.RECURRING;
    public String at;
    public List<String> daysOfWeek = new ArrayList<>();
    public String daysOfMonth;
    public String times;
    public String startDate;
    public String endDate;
    public String exceptDates;
    public String priority;
    public Integer volume = 80;
    public Integer repeatCount = 1;
    public Integer maxDelayMinutes;
    public String state;

    /** The form filled from a saved broadcast; ONCE instants shown in {@code zone}, the target area's. */
    static BroadcastForm of(Broadcast b, ZoneId zone) {
        BroadcastForm form = new BroadcastForm();
        form.areaId = b.areaId();
        form.title = b.title();
        form.bulletinIds = new ArrayList<>(
                b.items().stream().map(BroadcastItem::bulletinId).toList());
        if (b.contentKind() == ContentKind.STREAM) {
            form.streamUrl = b.streamUrl();
            form.slotMinutes = (int) b.slotLength().toMinutes();
        }
        form.targetAreaIds =
                new ArrayList<>(b.targetAreas().stream().map(TargetArea::areaId).toList());
        form.tags = String.join(", ", b.targetTags());
        ScheduleSpec s = b.schedule();
        form.scheduleType = s.type();
        if (s.once()) {
            form.at = LOCAL_MINUTE.format(OffsetDateTime.parse(s.at()).atZoneSameInstant(zone));
        } else {
            form.daysOfWeek = s.daysOfWeek() == null ? new ArrayList<>() : new ArrayList<>(s.daysOfWeek());
            form.daysOfMonth = s.daysOfMonth() == null
                    ? null
                    : String.join(
                            ", ", s.daysOfMonth().stream().map(String::valueOf).toList());
            form.times = s.times() == null ? null : String.join(", ", s.times());
            form.startDate = s.startDate();
            form.endDate = s.endDate();
            form.exceptDates = s.exceptDates() == null ? null : String.join(", ", s.exceptDates());
        }
        form.priority = b.priority().name();
        form.volume = b.volume();
        form.repeatCount = b.repeatCount();
        form.maxDelayMinutes = (int) b.maxDelay().toMinutes();
        form.state = b.state().name();
        return form;
    }

    BroadcastDraft draft() {
        boolean stream = streamUrl != null && !streamUrl.isBlank();
        return new BroadcastDraft(
                areaId,
                title,
                stream ? List.of() : bulletinIds,
                stream ? streamUrl : null,
                stream && slotMinutes != null ? Duration.ofMinutes(slotMinutes) : null,
                targetAreaIds,
                tags == null ? List.of() : Arrays.asList(tags.split("[,;]")),
                schedule(),
                priority == null || priority.isBlank() ? null : Priority.valueOf(priority),
                volume,
                repeatCount,
                maxDelayMinutes == null ? null : Duration.ofMinutes(maxDelayMinutes),
                state == null || state.isBlank() ? null : BroadcastState.valueOf(state));
    }

    ScheduleSpec schedule() {
        if (ScheduleSpec.ONCE.equals(scheduleType)) {
            return new ScheduleSpec(ScheduleSpec.ONCE, blankToNull(at), null, null, null, null, null, null);
        }
        List<Integer> days = new ArrayList<>();
        for (String day : split(daysOfMonth)) {
            try {
                days.add(Integer.parseInt(day));
            } catch (NumberFormatException e) {
                throw new ProblemException(
                        RefusalKind.INVALID,
                        "invalid-input",
                        List.of(new ProblemException.FieldProblem(
                                "schedule.daysOfMonth", "scheduling.rule.DAY_OF_MONTH_OUT_OF_RANGE", new Object[0])),
                        "scheduling.rule.DAY_OF_MONTH_OUT_OF_RANGE");
            }
        }
        return new ScheduleSpec(
                ScheduleSpec.RECURRING,
                null,
                daysOfWeek,
                days,
                split(times),
                blankToNull(startDate),
                blankToNull(endDate),
                split(exceptDates));
    }

    /**
     * The form's field for a field the service names (schedule rules are named as in the API's draft): the
     * API's "schedule.times[1]" is the form's one "times" box, so its problem shows beside that box.
     */
    static String fieldOf(String field) {
        String name = field.startsWith("schedule.") ? field.substring("schedule.".length()) : field;
        name = name.replaceFirst("\\[\\d+]$", "");
        return switch (name) {
            case "slotLength" -> "slotMinutes";
            case "maxDelay" -> "maxDelayMinutes";
            case "from", "to", "schedule" -> null;
            default -> name;
        };
    }

    static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,;\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public void setAreaId(UUID areaId) {
        this.areaId = areaId;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public void setBulletinIds(List<UUID> bulletinIds) {
        this.bulletinIds = bulletinIds == null ? new ArrayList<>() : bulletinIds;
    }

    public void setStreamUrl(String streamUrl) {
        this.streamUrl = streamUrl;
    }

    public void setSlotMinutes(Integer slotMinutes) {
        this.slotMinutes = slotMinutes;
    }

    public void setTargetAreaIds(List<UUID> targetAreaIds) {
        this.targetAreaIds = targetAreaIds == null ? new ArrayList<>() : targetAreaIds;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }

    public void setScheduleType(String scheduleType) {
        this.scheduleType = scheduleType;
    }

    public void setAt(String at) {
        this.at = at;
    }

    public void setDaysOfWeek(List<String> daysOfWeek) {
        this.daysOfWeek = daysOfWeek == null ? new ArrayList<>() : daysOfWeek;
    }

    public void setDaysOfMonth(String daysOfMonth) {
        this.daysOfMonth = daysOfMonth;
    }

    public void setTimes(String times) {
        this.times = times;
    }

    public void setStartDate(String startDate) {
        this.startDate = startDate;
    }

    public void setEndDate(String endDate) {
        this.endDate = endDate;
    }

    public void setExceptDates(String exceptDates) {
        this.exceptDates = exceptDates;
    }

    public void setPriority(String priority) {
        this.priority = priority;
    }

    public void setVolume(Integer volume) {
        this.volume = volume;
    }

    public void setRepeatCount(Integer repeatCount) {
        this.repeatCount = repeatCount;
    }

    public void setMaxDelayMinutes(Integer maxDelayMinutes) {
        this.maxDelayMinutes = maxDelayMinutes;
    }

    public void setState(String state) {
        this.state = state;
    }
}
