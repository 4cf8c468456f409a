package org.openloa.cms.device;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices as the scheduler sees them: id, the zone of their area, every area above them (read from the
 * materialised path, so targeting the province reaches a village's devices) and their tags. Only devices in
 * service (not retired) get a plan. Reads without a caller: the callers of this class have checked reach.
 */
@Service
@Transactional(readOnly = true)
public class DeviceProfiles {

    private final Devices devices;
    private final AreaService areas;
    private final JdbcTemplate jdbc;

    DeviceProfiles(Devices devices, AreaService areas, JdbcTemplate jdbc) {
        this.devices = devices;
        this.areas = areas;
        this.jdbc = jdbc;
    }

    /**
     * The profiles of the devices in service under any of the given area paths, or carrying any of the tags,
     * each once, read straight from the tables: a province-wide change reaches thousands of devices, and
     * re-planning needs only these few columns, not the entities.
     */
    public List<DeviceProfile> profilesUnder(Collection<String> areaPaths, Collection<String> tags) {
        Map<UUID, String[]> rows = new LinkedHashMap<>();
        Map<UUID, Set<Tag>> tagsOf = new HashMap<>();
        for (String path : minimal(areaPaths)) {
            jdbc.query(
                    "select id, area_id, area_path from device where retired_at is null and area_path like ?",
                    rs -> {
                        rows.putIfAbsent(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3)});
                    },
                    path + "%");
            jdbc.query(
                    "select t.device_id, t.tag from device_tag t join device d on d.id = t.device_id"
                            + " where d.retired_at is null and d.area_path like ?",
                    rs -> {
                        tagsOf.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashSet<>())
                                .add(new Tag(rs.getString(2)));
                    },
                    path + "%");
        }
        if (tags != null && !tags.isEmpty()) {
            for (Device device : devices.findInServiceTagged(tags)) {
                if (!rows.containsKey(device.id())) {
                    rows.put(device.id(), new String[] {device.areaId().toString(), device.areaPath()});
                    device.tags()
                            .forEach(t -> tagsOf.computeIfAbsent(device.id(), k -> new LinkedHashSet<>())
                                    .add(new Tag(t)));
                }
            }
        }
        // The zones of all their areas in one query: one per area cost most of a province-wide re-plan, and all of a
        // national one (ten thousand villages).
        Map<UUID, ZoneId> zones = new HashMap<>(areas.zones(
                rows.values().stream().map(r -> UUID.fromString(r[0])).toList()));
        List<DeviceProfile> result = new ArrayList<>(rows.size());
        for (Map.Entry<UUID, String[]> row : rows.entrySet()) {
            ZoneId zone = zones.computeIfAbsent(
                    UUID.fromString(row.getValue()[0]),
                    id -> areas.find(id).map(Area::zone).orElse(Area.DEFAULT_ZONE));
            result.add(new DeviceProfile(
                    idOf(row.getKey()), zone, areasOf(row.getValue()[1]), tagsOf.getOrDefault(row.getKey(), Set.of())));
        }
        return result;
    }

    /**
     * {@code found} with the devices in service among {@code named} added, each once: a broadcast's targets
     * name devices one by one besides its areas and tags, and those may sit anywhere.
     */
    public List<DeviceProfile> withNamed(List<DeviceProfile> found, Collection<DeviceId> named) {
        if (named.isEmpty()) {
            return found;
        }
        Set<DeviceId> present = new java.util.HashSet<>();
        found.forEach(p -> present.add(p.id()));
        List<DeviceProfile> result = new ArrayList<>(found);
        Map<UUID, ZoneId> zones = new HashMap<>();
        for (DeviceId id : named) {
            if (present.add(id)) {
                inService(UUID.fromString(id.value())).ifPresent(d -> result.add(profile(d, zones)));
            }
        }
        return result;
    }

    /** Every device in service. */
    public List<Device> inService() {
        return devices.findInService();
    }

    /** Devices in service under any of the given area paths, or carrying any of the tags, each once. */
    public List<Device> inServiceUnder(Collection<String> areaPaths, Collection<String> tags) {
        Map<UUID, Device> found = new LinkedHashMap<>();
        for (String path : minimal(areaPaths)) {
            devices.findInServiceUnder(path).forEach(d -> found.putIfAbsent(d.id(), d));
        }
        if (tags != null && !tags.isEmpty()) {
            devices.findInServiceTagged(tags).forEach(d -> found.putIfAbsent(d.id(), d));
        }
        return new ArrayList<>(found.values());
    }

    /** Those of these devices that are in service, with their tags, in one statement. */
    public List<Device> inServiceAmong(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : devices.findInServiceAmong(List.copyOf(new LinkedHashSet<>(ids)));
    }

    public Optional<Device> inService(UUID id) {
        return devices.findById(id).filter(d -> !d.retired());
    }

    /** Profiles of the given devices, sharing one zone lookup per area. */
    public List<DeviceProfile> profiles(Collection<Device> of) {
        Map<UUID, ZoneId> zones = new HashMap<>();
        List<DeviceProfile> result = new ArrayList<>(of.size());
        for (Device device : of) {
            result.add(profile(device, zones));
        }
        return result;
    }

    public DeviceProfile profile(Device device) {
        return profile(device, new HashMap<>());
    }

    /** The scheduler's id of a device: its UUID as text. */
    public static DeviceId idOf(UUID device) {
        return new DeviceId(device.toString());
    }

    /** An area and every area above it, from its path "/top/…/this/". */
    public static Set<AreaId> areasOf(String path) {
        Set<AreaId> ids = new LinkedHashSet<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                ids.add(new AreaId(segment));
            }
        }
        return ids;
    }

    private DeviceProfile profile(Device device, Map<UUID, ZoneId> zones) {
        ZoneId zone = zones.computeIfAbsent(
                device.areaId(), id -> areas.find(id).map(Area::zone).orElse(Area.DEFAULT_ZONE));
        Set<Tag> tags = new LinkedHashSet<>();
        device.tags().forEach(t -> tags.add(new Tag(t)));
        return new DeviceProfile(idOf(device.id()), zone, areasOf(device.areaPath()), tags);
    }

    /** Drops paths that lie under another given path: their devices are found with the outer one. */
    private static List<String> minimal(Collection<String> paths) {
        List<String> sorted = paths.stream().distinct().sorted().toList();
        List<String> kept = new ArrayList<>();
        for (String path : sorted) {
            if (kept.isEmpty() || !path.startsWith(kept.get(kept.size() - 1))) {
                kept.add(path);
            }
        }
        return kept;
    }
}
