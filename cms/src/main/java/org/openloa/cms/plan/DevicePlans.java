package org.openloa.cms.plan;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.Broadcast;
import org.openloa.cms.broadcast.BroadcastItem;
import org.openloa.cms.broadcast.ContentKind;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.device.AreaStandIn;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.scheduler.RuleViolationException;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.MediaItem;
import org.openloa.scheduler.broadcast.Playlist;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.broadcast.StreamSlot;
import org.openloa.scheduler.plan.Conflict;
import org.openloa.scheduler.plan.ConflictFinder;
import org.openloa.scheduler.plan.Plan;
import org.openloa.scheduler.plan.PlanItem;
import org.openloa.scheduler.plan.PlanResolver;
import org.openloa.scheduler.plan.Unplaced;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What devices will play: one device's resolved timeline, and an area's calendar (its devices grouped by
 * what they hear, with conflicts flagged). Times are given in the zone of the device's or area's area.
 */
@Service
@Transactional(readOnly = true)
public class DevicePlans {

    /** The longest window one request may ask for. */
    public static final Duration MAX_WINDOW = Duration.ofDays(62);

    private final DeviceService deviceService;
    private final DeviceProfiles devices;
    private final Programmes programmes;
    private final AreaService areas;
    private final PlanVersions versions;
    private final Clock clock;

    DevicePlans(
            DeviceService deviceService,
            DeviceProfiles devices,
            Programmes programmes,
            AreaService areas,
            PlanVersions versions,
            Clock clock) {
        this.deviceService = deviceService;
        this.devices = devices;
        this.programmes = programmes;
        this.areas = areas;
        this.versions = versions;
        this.clock = clock;
    }

    /** A device's plan for [from, to); by default today, in its area's zone. */
    public DevicePlan plan(Caller caller, UUID deviceId, Bound from, Bound to) {
        Device device = deviceService.get(caller, deviceId);
        DeviceProfile profile = devices.profile(device);
        Window window = window(from, to, profile.zone());
        Programmes.Live live = programmes.live();
        Plan plan = device.retired()
                ? new Plan(profile.id(), profile.zone(), window, clock.instant(), List.of(), List.of())
                : new PlanResolver(clock).resolve(profile, live.all(), window);
        return new DevicePlan(
                device,
                profile.zone(),
                window,
                versions.of(device.id()).orElse(0L),
                entries(plan.items(), live, profile.zone(), Set.of(), profile.id()),
                missing(plan.unplaced(), live, profile.zone()));
    }

    /**
     * A device's plan for [from, to), for the edge API, where the device itself is the caller (it was
     * authenticated by its credential): no user's reach applies. Empty when the device is unknown.
     */
    public Optional<DevicePlan> planOfDevice(UUID deviceId, Instant from, Instant to) {
        if (devices.inService(deviceId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(plan(Caller.system(), deviceId, new Bound(from, null), new Bound(to, null)));
    }

    /**
     * The plans of several devices for [from, to), for the edge, from one read of the live programme: the edge's
     * warmer rebuilds the manifests of every device an emergency changed, and reading every live broadcast, offer
     * and zone once per device was most of each build. Devices not in service are left out of the answer.
     */
    public Map<UUID, DevicePlan> plansOfDevices(Collection<UUID> deviceIds, Instant from, Instant to) {
        Map<UUID, DevicePlan> result = new LinkedHashMap<>();
        // The devices, their zones and their versions for the whole batch, a statement each: read one device at a
        // time (and each through its service's proxy) they were a third of a build (perf, docs/benchmarks.md).
        Map<UUID, Device> inService = new HashMap<>();
        devices.inServiceAmong(deviceIds).forEach(d -> inService.put(d.id(), d));
        if (inService.isEmpty()) {
            return result;
        }
        Programmes.Live live = programmes.live();
        Map<UUID, Long> planVersions = versions.of(inService.keySet());
        Map<UUID, DeviceProfile> profiles = new HashMap<>();
        List<Device> ordered = new ArrayList<>(inService.values());
        List<DeviceProfile> made = devices.profiles(ordered);
        for (int i = 0; i < ordered.size(); i++) {
            profiles.put(ordered.get(i).id(), made.get(i));
        }
        for (UUID deviceId : deviceIds) {
            Device device = inService.get(deviceId);
            if (device == null || result.containsKey(deviceId)) {
                continue;
            }
            DeviceProfile profile = profiles.get(deviceId);
            Window window = window(new Bound(from, null), new Bound(to, null), profile.zone());
            Plan plan = new PlanResolver(clock).resolve(profile, live.all(), window);
            result.put(
                    deviceId,
                    new DevicePlan(
                            device,
                            profile.zone(),
                            window,
                            planVersions.getOrDefault(deviceId, 0L),
                            entries(plan.items(), live, profile.zone(), Set.of(), profile.id()),
                            missing(plan.unplaced(), live, profile.zone())));
        }
        return result;
    }

    /**
     * What airs in an area between from and to: its devices in groups that play the same thing, each with its
     * timeline, what did not fit, and the conflicts (same priority, overlapping, same devices). An area without
     * devices gets one group standing for a device placed in it, so the programme shows before devices arrive.
     */
    public AreaCalendar calendar(Caller caller, UUID areaId, Bound from, Bound to) {
        Area area = areas.get(caller, areaId);
        Window window = window(from, to, area.zone());
        List<Device> inArea = devices.inServiceUnder(List.of(area.path()), List.of());
        List<DeviceProfile> profiles = new ArrayList<>(devices.profiles(inArea));
        if (profiles.isEmpty()) {
            profiles.add(new AreaStandIn(area.id(), area.path(), area.zone(), Set.of()).profile());
        }
        Programmes.Live live = programmes.live();
        Map<DeviceId, Plan> plans = new PlanResolver(clock).resolveAll(profiles, live.all(), window);
        List<CalendarConflict> conflicts = conflicts(plans, profiles, live, window, area.zone());
        Set<String> clashing = new HashSet<>();
        for (CalendarConflict c : conflicts) {
            for (String device : c.devices) {
                clashing.add(device + " " + c.first().broadcastId() + " "
                        + c.first().occurrence().toInstant());
                clashing.add(device + " " + c.second().broadcastId() + " "
                        + c.second().occurrence().toInstant());
            }
        }
        Map<UUID, String> deviceNames = new HashMap<>();
        inArea.forEach(d -> deviceNames.put(d.id(), d.name()));
        Map<Plan, List<DeviceProfile>> groups = new LinkedHashMap<>();
        Map<List<Object>, Plan> sameTimeline = new HashMap<>();
        for (DeviceProfile profile : profiles) {
            Plan plan = plans.get(profile.id());
            Plan representative = sameTimeline.computeIfAbsent(List.of(plan.items(), plan.unplaced()), k -> plan);
            groups.computeIfAbsent(representative, k -> new ArrayList<>()).add(profile);
        }
        List<DeviceGroup> result = new ArrayList<>();
        Map<UUID, Device> byId = new HashMap<>();
        inArea.forEach(d -> byId.put(d.id(), d));
        int index = 0;
        for (Map.Entry<Plan, List<DeviceProfile>> group : groups.entrySet()) {
            List<DeviceProfile> members = group.getValue();
            List<UUID> ids = new ArrayList<>();
            Set<String> areaNames = new TreeSet<>();
            Set<String> tags = new TreeSet<>();
            for (DeviceProfile member : members) {
                if (AreaStandIn.standsIn(member.id())) {
                    continue;
                }
                Device device = byId.get(UUID.fromString(member.id().value()));
                ids.add(device.id());
                areas.find(device.areaId()).ifPresent(a -> areaNames.add(a.name()));
                tags.addAll(device.tags());
            }
            Set<String> flagged = new HashSet<>();
            for (DeviceProfile member : members) {
                for (String key : clashing) {
                    if (key.startsWith(member.id().value() + " ")) {
                        flagged.add(key.substring(member.id().value().length() + 1));
                    }
                }
            }
            result.add(new DeviceGroup(
                    "g" + (++index),
                    List.copyOf(areaNames),
                    List.copyOf(tags),
                    ids,
                    ids.stream().map(deviceNames::get).toList(),
                    entries(group.getKey().items(), live, area.zone(), flagged, null),
                    missing(group.getKey().unplaced(), live, area.zone())));
        }
        return new AreaCalendar(area, window, result, conflicts);
    }

    // ---------------------------------------------------------------- views

    public record DevicePlan(
            Device device, ZoneId zone, Window window, long version, List<Entry> items, List<Missing> unplaced) {}

    public record AreaCalendar(Area area, Window window, List<DeviceGroup> groups, List<CalendarConflict> conflicts) {}

    /** Devices that play the same timeline (a village's loudspeakers, say), named by their areas and tags. */
    public record DeviceGroup(
            String key,
            List<String> areaNames,
            List<String> tags,
            List<UUID> deviceIds,
            List<String> deviceNames,
            List<Entry> items,
            List<Missing> unplaced) {}

    /** One stretch of a timeline, with what plays and why it may have moved. */
    public record Entry(
            String id,
            OffsetDateTime start,
            OffsetDateTime end,
            UUID broadcastId,
            String title,
            Priority priority,
            int volume,
            ContentKind kind,
            List<Media> media,
            String streamUrl,
            OffsetDateTime occurrence,
            int part,
            long offsetMillis,
            boolean cut,
            boolean resumed,
            long delaySeconds,
            boolean conflict) {}

    @Schema(name = "PlanMedia", description = "One audio of a plan item, played in order")
    public record Media(
            @Schema(description = "the media id") String mediaId,

            @Schema(description = "the bulletin it is the audio of")
            UUID bulletinId,

            @Schema(description = "the bulletin's title") String title,

            @Schema(description = "its length in milliseconds")
            long durationMillis) {}

    /** An occurrence, or the rest of one, that does not air, and why. */
    public record Missing(
            UUID broadcastId,
            String title,
            Priority priority,
            OffsetDateTime occurrence,
            int part,
            OffsetDateTime wantedStart,
            long lengthSeconds,
            Unplaced.Reason reason,
            UUID blockedBy,
            String blockedByTitle) {}

    /** Two occurrences of the same priority overlapping on the same devices; {@code first} plays first. */
    public record CalendarConflict(
            Side first,
            Side second,
            Priority priority,
            List<UUID> deviceIds,
            boolean withoutDevices,
            List<String> devices) {}

    public record Side(UUID broadcastId, String title, OffsetDateTime occurrence, OffsetDateTime end) {}

    // ---------------------------------------------------------------- building them

    private Window window(Bound from, Bound to, ZoneId zone) {
        Instant start = from != null
                ? from.in(zone)
                : clock.instant().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant end = to != null
                ? to.in(zone)
                : start.atZone(zone)
                        .toLocalDate()
                        .plusDays(1)
                        .atStartOfDay(zone)
                        .toInstant();
        Window window;
        try {
            window = new Window(start, end);
        } catch (RuleViolationException e) {
            throw ProblemException.rule("end-before-start", "to", "scheduling.rule.END_BEFORE_START", end);
        }
        if (window.length().compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.rule(
                    "window-too-long", "to", "scheduling.plan.window-too-long", MAX_WINDOW.toDays());
        }
        return window;
    }

    private static List<Entry> entries(
            List<PlanItem> items, Programmes.Live live, ZoneId zone, Set<String> flagged, DeviceId device) {
        List<Entry> entries = new ArrayList<>(items.size());
        for (PlanItem item : items) {
            String key = item.broadcast().value();
            Broadcast row = live.rows().get(key);
            Map<UUID, BroadcastItem> bulletins = new HashMap<>();
            if (row != null) {
                row.items().forEach(i -> bulletins.putIfAbsent(i.mediaAssetId(), i));
            }
            List<Media> media = new ArrayList<>();
            String streamUrl = null;
            ContentKind kind;
            if (item.content() instanceof Playlist playlist) {
                kind = ContentKind.PLAYLIST;
                for (MediaItem m : playlist.items()) {
                    BroadcastItem b = bulletins.get(UUID.fromString(m.id().value()));
                    media.add(new Media(
                            m.id().value(),
                            b == null ? null : b.bulletinId(),
                            b == null ? null : b.title(),
                            m.duration().toMillis()));
                }
            } else {
                kind = ContentKind.STREAM;
                streamUrl = ((StreamSlot) item.content()).url().toString();
            }
            boolean conflict = flagged.contains(key + " " + item.occurrence());
            entries.add(new Entry(
                    item.id(),
                    at(item.start(), zone),
                    at(item.end(), zone),
                    UUID.fromString(key),
                    live.title(key),
                    item.priority(),
                    item.volume().percent(),
                    kind,
                    media,
                    streamUrl,
                    at(item.occurrence(), zone),
                    item.part(),
                    item.offset().toMillis(),
                    item.cut(),
                    item.resumed(),
                    item.delay().toSeconds(),
                    conflict));
        }
        return entries;
    }

    private static List<Missing> missing(List<Unplaced> unplaced, Programmes.Live live, ZoneId zone) {
        List<Missing> result = new ArrayList<>(unplaced.size());
        for (Unplaced u : unplaced) {
            Optional<String> blocker = u.blockedBy().map(b -> b.value());
            result.add(new Missing(
                    UUID.fromString(u.broadcast().value()),
                    live.title(u.broadcast().value()),
                    u.priority(),
                    at(u.occurrence(), zone),
                    u.part(),
                    at(u.wantedStart(), zone),
                    u.length().toSeconds(),
                    u.reason(),
                    blocker.map(UUID::fromString).orElse(null),
                    blocker.map(live::title).orElse(null)));
        }
        return result;
    }

    /** Every pair of broadcasts airing here, of the same priority, whose occurrences overlap on a device. */
    private static List<CalendarConflict> conflicts(
            Map<DeviceId, Plan> plans, List<DeviceProfile> profiles, Programmes.Live live, Window window, ZoneId zone) {
        Set<String> airing = new TreeSet<>();
        for (Plan plan : plans.values()) {
            plan.items().forEach(i -> airing.add(i.broadcast().value()));
            plan.unplaced().stream()
                    .filter(u -> u.reason() == Unplaced.Reason.DELAY_EXCEEDED)
                    .forEach(u -> airing.add(u.broadcast().value()));
        }
        List<org.openloa.scheduler.broadcast.Broadcast> candidates = new ArrayList<>();
        for (String key : airing) {
            candidates.add(live.scheduled().get(key));
        }
        List<CalendarConflict> conflicts = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            org.openloa.scheduler.broadcast.Broadcast proposed = candidates.get(i);
            List<org.openloa.scheduler.broadcast.Broadcast> later = new ArrayList<>();
            for (int j = i + 1; j < candidates.size(); j++) {
                if (candidates.get(j).priority() == proposed.priority()) {
                    later.add(candidates.get(j));
                }
            }
            if (later.isEmpty() || proposed.state() != org.openloa.scheduler.broadcast.BroadcastState.ACTIVE) {
                continue;
            }
            for (Conflict c : ConflictFinder.find(proposed, later, profiles, window)) {
                Side mine = new Side(
                        UUID.fromString(c.proposed().value()),
                        live.title(c.proposed().value()),
                        at(c.proposedStart(), zone),
                        at(c.proposedEnd(), zone));
                Side theirs = new Side(
                        UUID.fromString(c.existing().value()),
                        live.title(c.existing().value()),
                        at(c.existingStart(), zone),
                        at(c.existingEnd(), zone));
                boolean mineFirst = c.playsFirst().equals(c.proposed());
                List<String> deviceKeys =
                        c.devices().stream().map(DeviceId::value).toList();
                List<UUID> deviceIds = c.devices().stream()
                        .filter(d -> !AreaStandIn.standsIn(d))
                        .map(d -> UUID.fromString(d.value()))
                        .toList();
                conflicts.add(new CalendarConflict(
                        mineFirst ? mine : theirs,
                        mineFirst ? theirs : mine,
                        c.priority(),
                        deviceIds,
                        deviceIds.isEmpty(),
                        deviceKeys));
            }
        }
        conflicts.sort(Comparator.comparing(
                (CalendarConflict c) -> c.first().occurrence().toInstant()));
        return conflicts;
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    /**
     * One end of a window as a caller gives it: an instant with its offset ({@code 2027-03-08T06:00:00+07:00}),
     * or a date ({@code 2027-03-08}) meaning the start of that day in the zone of the device or area asked about.
     */
    public record Bound(Instant instant, LocalDate date) {

        public static Bound parse(String field, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return new Bound(OffsetDateTime.parse(text.strip()).toInstant(), null);
            } catch (DateTimeException notAnInstant) {
                try {
                    return new Bound(null, LocalDate.parse(text.strip()));
                } catch (DateTimeException e) {
                    throw new ProblemException(
                            RefusalKind.INVALID,
                            "invalid-input",
                            List.of(new ProblemException.FieldProblem(
                                    field, "scheduling.plan.invalid-bound", new Object[] {text})),
                            "problem.invalid-input");
                }
            }
        }

        Instant in(ZoneId zone) {
            return instant != null ? instant : date.atStartOfDay(zone).toInstant();
        }
    }
}
