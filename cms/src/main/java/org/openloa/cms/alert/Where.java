package org.openloa.cms.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a CAP alert airs, from its {@code <area>}s, as a pure function of what the caller reaches:
 * <ul>
 *   <li>each {@code polygon} and {@code circle} selects the devices standing inside it (by their latitude and
 *       longitude; a device without coordinates is reached through geocodes only);</li>
 *   <li>each {@code geocode} whose value is an OpenLoa area code selects that area and everything under it;
 *       an area above the caller's own narrows to the caller's own (clipped to reach), one outside is dropped;</li>
 *   <li>the union is the target. Only the caller's devices and areas are ever candidates, so the result is
 *       already clipped to the caller's reach.</li>
 * </ul>
 */
final class Where {

    private Where() {}

    /** A device the caller reaches, with where it stands (null when unknown). */
    record Spot(UUID id, Double lat, Double lon) {}

    /** An area by its code: its id and path. */
    record Place(UUID id, String path) {}

    /** What an alert targets: areas (with their subtrees) and devices one by one. */
    record Selection(Set<UUID> areaIds, Set<UUID> deviceIds) {

        boolean empty() {
            return areaIds.isEmpty() && deviceIds.isEmpty();
        }
    }

    /**
     * @param areas       every {@code <area>} of the {@code <info>}s that air
     * @param devices     the devices in service within the caller's reach
     * @param byCode      areas by code: those within the caller's reach and those above the caller's own area
     * @param callerScope the caller's area path ("/" nationally); {@code callerArea} its id (null nationally)
     */
    static Selection select(
            Collection<CapDocument.Area> areas,
            Collection<Spot> devices,
            Map<String, Place> byCode,
            String callerScope,
            UUID callerArea) {
        Set<UUID> areaIds = new LinkedHashSet<>();
        Set<UUID> deviceIds = new LinkedHashSet<>();
        for (CapDocument.Area area : areas) {
            for (Spot device : devices) {
                if (device.lat() != null && device.lon() != null && covers(area, device.lat(), device.lon())) {
                    deviceIds.add(device.id());
                }
            }
            for (CapDocument.Geocode geocode : area.geocodes()) {
                Place place = geocode.value() == null
                        ? null
                        : byCode.get(geocode.value().strip());
                if (place == null) {
                    continue;
                }
                if (place.path().startsWith(callerScope)) {
                    areaIds.add(place.id());
                } else if (callerScope.startsWith(place.path()) && callerArea != null) {
                    areaIds.add(callerArea);
                }
            }
        }
        return new Selection(areaIds, deviceIds);
    }

    /** Whether one of the area's polygons or circles covers the point. */
    static boolean covers(CapDocument.Area area, double lat, double lon) {
        for (List<CapDocument.Point> polygon : area.polygons()) {
            if (Geo.inside(lat, lon, polygon)) {
                return true;
            }
        }
        for (CapDocument.Circle circle : area.circles()) {
            if (Geo.within(lat, lon, circle)) {
                return true;
            }
        }
        return false;
    }

    /** The areas of the {@code <info>}s given, in order. */
    static List<CapDocument.Area> areasOf(Collection<CapDocument.Info> infos) {
        List<CapDocument.Area> areas = new ArrayList<>();
        infos.forEach(i -> areas.addAll(i.areas()));
        return areas;
    }
}
