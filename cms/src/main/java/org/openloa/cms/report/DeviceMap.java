package org.openloa.cms.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The map of loudspeakers (bản đồ): every device in the caller's reach that has coordinates, with a status a
 * map can colour: ERROR (online, but it reported media it cannot get), PLAYING (online and on air), ONLINE,
 * OFFLINE (silent three polls or more) and NEVER_SEEN. Retired devices are left off.
 */
@Service
@Transactional(readOnly = true)
public class DeviceMap {

    private final DeviceService devices;
    private final AreaService areas;
    private final Clock clock;

    DeviceMap(DeviceService devices, AreaService areas, Clock clock) {
        this.devices = devices;
        this.areas = areas;
        this.clock = clock;
    }

    public enum MarkerStatus {
        ONLINE,
        PLAYING,
        ERROR,
        OFFLINE,
        NEVER_SEEN
    }

    @Schema(name = "MapMarker", description = "A loudspeaker on the map")
    public record Marker(
            @Schema(description = "the device") UUID id,
            @Schema(description = "the device's name") String name,
            @Schema(description = "the device's area") UUID areaId,
            @Schema(description = "the area's name") String areaName,
            @Schema(description = "latitude") double lat,
            @Schema(description = "longitude") double lon,

            @Schema(description = "ONLINE, PLAYING, ERROR, OFFLINE or NEVER_SEEN")
            MarkerStatus status,

            @Schema(description = "the last heartbeat or poll; null if never heard")
            Instant lastSeenAt) {}

    /** The markers under {@code areaId} (default: all the caller reaches); 404 for an area out of reach. */
    public List<Marker> markers(Caller caller, UUID areaId) {
        Instant now = clock.instant();
        Map<UUID, String> names = areas.namesVisibleTo(caller);
        return devices.list(caller, new DeviceQuery(areaId, null, null, false)).stream()
                .filter(d -> d.lat() != null && d.lon() != null)
                .map(d -> new Marker(
                        d.id(),
                        d.name(),
                        d.areaId(),
                        names.get(d.areaId()),
                        d.lat(),
                        d.lon(),
                        status(d, now),
                        d.lastSeenAt()))
                .toList();
    }

    static MarkerStatus status(Device d, Instant now) {
        DeviceStatus s = d.statusAt(now);
        if (s == DeviceStatus.NEVER_SEEN) {
            return MarkerStatus.NEVER_SEEN;
        }
        if (s != DeviceStatus.ONLINE) {
            return MarkerStatus.OFFLINE;
        }
        if (!d.mediaErrors().isEmpty()) {
            return MarkerStatus.ERROR;
        }
        return d.playingItemId() != null ? MarkerStatus.PLAYING : MarkerStatus.ONLINE;
    }
}
