package org.openloa.cms.report.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.report.DeviceMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The loudspeakers with coordinates, for a map, within the caller's areas. */
@RestController
@RequestMapping("/api/v1/map")
@Tag(name = "Map", description = "Loudspeakers on a map (bản đồ)")
class MapApi {

    private final DeviceMap map;

    MapApi(DeviceMap map) {
        this.map = map;
    }

    @GetMapping(value = "/markers", produces = "application/json")
    @Operation(
            summary = "Every device with coordinates in the caller's areas, with a status to colour it by",
            description = "Status: ONLINE, PLAYING, ERROR (online, reporting media it cannot get), OFFLINE or"
                    + " NEVER_SEEN. An area outside the caller's areas answers 404.")
    List<DeviceMap.Marker> markers(
            @Parameter(description = "only devices under this area") @RequestParam(required = false) UUID areaId) {
        return map.markers(CurrentCaller.get(), areaId);
    }
}
