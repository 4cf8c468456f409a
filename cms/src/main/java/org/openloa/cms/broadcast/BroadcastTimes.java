package org.openloa.cms.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.schedule.Once;
import org.openloa.scheduler.schedule.Recurring;
import org.openloa.scheduler.schedule.Schedule;
import org.springframework.stereotype.Component;

/**
 * A broadcast's time zones (a recurring schedule is read in the local time of every area it airs in) and the
 * span derived from them. Reads without a caller: the callers have checked reach.
 */
@Component
class BroadcastTimes {

    private final AreaService areas;

    BroadcastTimes(AreaService areas) {
        this.areas = areas;
    }

    /** Every zone of the areas the broadcast targets and of the areas below them. */
    List<ZoneId> zones(Broadcast broadcast) {
        Set<ZoneId> zones = new LinkedHashSet<>();
        for (TargetArea target : broadcast.targetAreas()) {
            areas.subtree(target.areaPath()).forEach(a -> zones.add(a.zone()));
        }
        if (zones.isEmpty()) {
            zones.add(zoneOf(broadcast.areaId()));
        }
        return List.copyOf(zones);
    }

    /** The zone of an area, or Vietnam's when it is unknown. */
    ZoneId zoneOf(UUID areaId) {
        return areas.find(areaId).map(Area::zone).orElse(Area.DEFAULT_ZONE);
    }

    /** The zone that reads a ONCE given without an offset. */
    ZoneId scheduleZone(Broadcast broadcast) {
        return zoneOf(broadcast.firstTarget());
    }

    /**
     * Derives when the broadcast first airs and when its last occurrence is surely over (last start + length +
     * allowed delay, in the latest of its zones; an emergency may follow another, so an hour more), for
     * listing by period and for the expiry trigger. No end date: no end.
     */
    void span(Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast scheduled) {
        Schedule schedule = scheduled.schedule();
        Duration tail = scheduled
                .occurrenceLength()
                .plus(scheduled.maxDelay())
                .plus(scheduled.priority() == Priority.EMERGENCY ? Duration.ofHours(1) : Duration.ZERO);
        if (schedule instanceof Once once) {
            broadcast.span(once.at().toInstant(), once.at().toInstant().plus(tail));
            return;
        }
        Recurring recurring = (Recurring) schedule;
        Instant first = null;
        Instant last = null;
        for (ZoneId zone : zones(broadcast)) {
            Instant from = recurring.startDate().minusDays(1).atStartOfDay(zone).toInstant();
            Optional<Instant> start = recurring.nextOccurrence(zone, from);
            if (start.isPresent() && (first == null || start.get().isBefore(first))) {
                first = start.get();
            }
            if (recurring.endDate() != null) {
                LocalDate end = recurring.endDate();
                List<Instant> all = recurring.occurrences(
                        zone,
                        new Window(from, end.plusDays(2).atStartOfDay(zone).toInstant()));
                if (!all.isEmpty() && (last == null || all.get(all.size() - 1).isAfter(last))) {
                    last = all.get(all.size() - 1);
                }
            }
        }
        broadcast.span(first, recurring.endDate() == null || last == null ? null : last.plus(tail));
    }
}
