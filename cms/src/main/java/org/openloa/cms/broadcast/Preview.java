package org.openloa.cms.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.device.AreaStandIn;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.plan.Conflict;
import org.openloa.scheduler.plan.ConflictFinder;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Tag;
import org.openloa.scheduler.schedule.Schedule;
import org.springframework.stereotype.Component;

/**
 * What a broadcast, saved or only proposed, would cause: its next occurrences in the local time of each zone
 * it airs in, and the same-priority overlaps with every other live broadcast on the devices both reach.
 */
@Component
class Preview {

    static final int PREVIEWED_OCCURRENCES = 10;

    /** Conflicts are looked for this far from the first occurrence ahead: a season's programme, bounded for recurrences without end. */
    static final Duration CONFLICT_HORIZON = Duration.ofDays(62);

    private final Programmes programmes;
    private final DeviceProfiles devices;
    private final BroadcastTimes times;
    private final Clock clock;

    Preview(Programmes programmes, DeviceProfiles devices, BroadcastTimes times, Clock clock) {
        this.programmes = programmes;
        this.devices = devices;
        this.times = times;
        this.clock = clock;
    }

    /** The broadcast with its next occurrences and the conflicts of {@code proposed}, its scheduler's version. */
    Outcome outcome(Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast proposed, boolean saved) {
        return new Outcome(
                broadcast, saved, nextOccurrences(broadcast, PREVIEWED_OCCURRENCES), conflicts(broadcast, proposed));
    }

    /** The next {@code count} occurrences in each zone, merged in time order, at most twice {@code count}. */
    List<Outcome.Occurrence> nextOccurrences(Broadcast broadcast, int count) {
        Schedule schedule = broadcast.schedule().toSchedule(times.scheduleZone(broadcast));
        List<Outcome.Occurrence> next = new ArrayList<>();
        Instant now = clock.instant();
        for (ZoneId zone : times.zones(broadcast)) {
            Instant from = now;
            for (int i = 0; i < count; i++) {
                Optional<Instant> at = schedule.nextOccurrence(zone, from);
                if (at.isEmpty()) {
                    break;
                }
                next.add(new Outcome.Occurrence(at.get().atZone(zone).toOffsetDateTime(), zone.getId()));
                from = at.get().plusNanos(1);
            }
        }
        next.sort(Comparator.comparing(Outcome.Occurrence::at));
        return next.size() > count * 2 ? next.subList(0, count * 2) : next;
    }

    /**
     * Same-priority overlaps on the devices both reach, from now to the conflict horizon. A target area with no
     * device yet is judged as one device placed there, so the programme is right before devices arrive.
     */
    private List<Outcome.ConflictNote> conflicts(
            Broadcast broadcast, org.openloa.scheduler.broadcast.Broadcast proposed) {
        Instant now = clock.instant();
        Instant from = broadcast.startsAt() != null && broadcast.startsAt().isAfter(now) ? broadcast.startsAt() : now;
        Instant to = from.plus(CONFLICT_HORIZON);
        if (broadcast.endsAt() != null && broadcast.endsAt().isBefore(to)) {
            to = broadcast.endsAt();
        }
        if (!to.isAfter(from)) {
            return List.of();
        }
        List<String> paths =
                broadcast.targetAreas().stream().map(TargetArea::areaPath).toList();
        List<DeviceProfile> profiles = new ArrayList<>(devices.withNamed(
                devices.profilesUnder(paths, List.of()), proposed.targets().devices()));
        for (TargetArea target : broadcast.targetAreas()) {
            AreaId area = new AreaId(target.areaId().toString());
            if (profiles.stream().noneMatch(d -> d.areas().contains(area))) {
                Set<Tag> tags = new LinkedHashSet<>();
                broadcast.targetTags().forEach(t -> tags.add(new Tag(t)));
                AreaStandIn standIn =
                        new AreaStandIn(target.areaId(), target.areaPath(), times.zoneOf(target.areaId()), tags);
                profiles.add(standIn.profile());
            }
        }
        Programmes.Live live = programmes.live();
        List<Conflict> found =
                ConflictFinder.find(proposed, live.with(broadcast.key(), null), profiles, new Window(from, to));
        ZoneId zone = times.scheduleZone(broadcast);
        List<Outcome.ConflictNote> notes = new ArrayList<>();
        for (Conflict c : found) {
            List<UUID> deviceIds = c.devices().stream()
                    .filter(d -> !AreaStandIn.standsIn(d))
                    .map(d -> UUID.fromString(d.value()))
                    .toList();
            notes.add(new Outcome.ConflictNote(
                    UUID.fromString(c.existing().value()),
                    live.title(c.existing().value()),
                    c.priority(),
                    c.proposedStart().atZone(zone).toOffsetDateTime(),
                    c.proposedEnd().atZone(zone).toOffsetDateTime(),
                    c.existingStart().atZone(zone).toOffsetDateTime(),
                    c.existingEnd().atZone(zone).toOffsetDateTime(),
                    c.playsFirst().equals(c.proposed()),
                    deviceIds,
                    deviceIds.isEmpty()));
        }
        return notes;
    }
}
