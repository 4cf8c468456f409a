package org.openloa.cms.device.web;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceDraft;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/devices")
@Tag(name = "Devices", description = "Loudspeaker clusters and IP radio boxes, scoped to the caller's area")
class DeviceApi {

	private final DeviceService devices;
	private final AreaService areas;
	private final Clock clock;

	DeviceApi(DeviceService devices, AreaService areas, Clock clock) {
		this.devices = devices;
		this.areas = areas;
		this.clock = clock;
	}

	/** What the device last reported, and the connection status derived from it. */
	record StatusView(DeviceStatus connection, boolean enrolled, Instant lastSeenAt, Instant offlineSince,
			String playingItemId, String agentVersion, Long freeBytes, Boolean cacheComplete, Integer volume,
			Long uptimeSeconds, Integer signal) {
	}

	record DeviceView(UUID id, String name, UUID areaId, String areaName, List<String> tags, Double lat, Double lon,
			int volume, int pollSeconds, Instant createdAt, Instant retiredAt, StatusView status) {
	}

	record NewDevice(String name, UUID areaId, List<String> tags, Double lat, Double lon, Integer volume,
			Integer pollSeconds) {
	}

	record DevicePatch(String name, UUID areaId, List<String> tags, Double lat, Double lon, Integer volume,
			Integer pollSeconds) {
	}

	@GetMapping
	@Operation(summary = "Devices in the caller's areas, with their status",
			description = "status: NEVER_SEEN, ONLINE, OFFLINE (silent for three poll intervals) or RETIRED.")
	List<DeviceView> list(@Parameter(description = "only devices under this area") @RequestParam(required = false) UUID areaId,
			@RequestParam(required = false) DeviceStatus status, @RequestParam(required = false) String tag,
			@RequestParam(defaultValue = "false") boolean includeRetired) {
		return devices.list(CurrentCaller.get(), new DeviceQuery(areaId, status, tag, includeRetired)).stream()
				.map(this::view).toList();
	}

	@GetMapping("/{id}")
	DeviceView get(@PathVariable UUID id) {
		return view(devices.get(CurrentCaller.get(), id));
	}

	@PostMapping
	@Operation(summary = "Create a device in an area the caller operates (ADMIN or OPERATOR)")
	ResponseEntity<DeviceView> create(@RequestBody NewDevice body) {
		Device device = devices.create(CurrentCaller.get(), new DeviceDraft(body.name(), body.areaId(), body.tags(),
				body.lat(), body.lon(), body.volume(), body.pollSeconds()));
		return ResponseEntity.created(URI.create("/api/v1/devices/" + device.id())).body(view(device));
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a device's name, area, tags, location or settings; changes re-plan it")
	DeviceView update(@PathVariable UUID id, @RequestBody DevicePatch body) {
		return view(devices.update(CurrentCaller.get(), id, new DeviceDraft(body.name(), body.areaId(), body.tags(),
				body.lat(), body.lon(), body.volume(), body.pollSeconds())));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Retire a device and revoke its credential; it stays listed with includeRetired")
	DeviceView retire(@PathVariable UUID id) {
		return view(devices.retire(CurrentCaller.get(), id));
	}

	private DeviceView view(Device d) {
		String areaName = areas.find(d.areaId()).map(a -> a.name()).orElse(null);
		StatusView status = new StatusView(d.statusAt(clock.instant()), d.enrolled(), d.lastSeenAt(), d.offlineSince(),
				d.playingItemId(), d.agentVersion(), d.freeBytes(), d.cacheComplete(), d.reportedVolume(),
				d.uptimeSeconds(), d.signalQuality());
		return new DeviceView(d.id(), d.name(), d.areaId(), areaName, List.copyOf(d.tags()), d.lat(), d.lon(), d.volume(),
				d.pollSeconds(), d.createdAt(), d.retiredAt(), status);
	}
}
