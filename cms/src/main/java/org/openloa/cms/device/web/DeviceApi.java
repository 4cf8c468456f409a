package org.openloa.cms.device.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.CommandType;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceCommand;
import org.openloa.cms.device.DeviceCommands;
import org.openloa.cms.device.DeviceDraft;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.device.EnrolmentCode;
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
    private final DeviceCommands commands;
    private final AreaService areas;
    private final Clock clock;

    DeviceApi(DeviceService devices, DeviceCommands commands, AreaService areas, Clock clock) {
        this.devices = devices;
        this.commands = commands;
        this.areas = areas;
        this.clock = clock;
    }

    /** What the device last reported, and the connection status derived from it. */
    record StatusView(
            DeviceStatus connection,
            boolean enrolled,
            Instant lastSeenAt,
            Instant offlineSince,
            String playingItemId,
            String agentVersion,
            Long freeBytes,
            Boolean cacheComplete,
            Integer volume,
            Long uptimeSeconds,
            Integer signal,

            @Schema(description = "media the device last reported it could not get right (e.g. a failed SHA-256)")
            List<org.openloa.protocol.Heartbeat.MediaError> mediaErrors) {}

    /**
     * A device. {@code enrollmentCode} is there only in the answer that issued it (shown once; only its hash is
     * kept); {@code enrollmentExpiresAt} while an unused code is pending.
     */
    record DeviceView(
            UUID id,
            String name,
            UUID areaId,
            String areaName,
            List<String> tags,
            Double lat,
            Double lon,
            int volume,
            int pollSeconds,
            String quietHours,
            Instant createdAt,
            Instant retiredAt,
            StatusView status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String enrollmentCode,
            Instant enrollmentExpiresAt) {}

    record NewDevice(
            String name,
            UUID areaId,
            List<String> tags,
            Double lat,
            Double lon,
            Integer volume,
            Integer pollSeconds,

            @Schema(description = "local stretches, e.g. 22:00-05:00")
            String quietHours) {}

    record DevicePatch(
            String name,
            UUID areaId,
            List<String> tags,
            Double lat,
            Double lon,
            Integer volume,
            Integer pollSeconds,

            @Schema(description = "local stretches, e.g. 22:00-05:00; empty clears")
            String quietHours) {}

    record EnrolmentView(UUID deviceId, String enrollmentCode, Instant enrollmentExpiresAt) {}

    record NewCommand(
            @Schema(description = "SYNC_NOW, SET_VOLUME, STOP or RESTART_AGENT")
            CommandType type,

            @Schema(description = "as strings; SET_VOLUME needs volume 0..100")
            Map<String, String> args) {}

    @GetMapping
    @Operation(
            summary = "Devices in the caller's areas, with their status",
            description = "status: NEVER_SEEN, ONLINE, OFFLINE (silent for three poll intervals) or RETIRED.")
    List<DeviceView> list(
            @Parameter(description = "only devices under this area") @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) DeviceStatus status,
            @RequestParam(required = false) String tag,
            @RequestParam(defaultValue = "false") boolean includeRetired) {
        return devices.list(CurrentCaller.get(), new DeviceQuery(areaId, status, tag, includeRetired)).stream()
                .map(this::view)
                .toList();
    }

    @GetMapping("/{id}")
    DeviceView get(@PathVariable UUID id) {
        return view(devices.get(CurrentCaller.get(), id));
    }

    @PostMapping
    @Operation(
            summary = "Create a device in an area the caller operates (ADMIN or OPERATOR)",
            description = "The answer carries a one-time enrollmentCode (and enrollmentExpiresAt) for the installer:"
                    + " it is shown only here. The box trades it for its credential at POST /edge/v1/enroll.")
    ResponseEntity<DeviceView> create(@RequestBody NewDevice body) {
        DeviceService.CreatedDevice created = devices.createWithEnrolmentCode(
                CurrentCaller.get(),
                new DeviceDraft(
                        body.name(),
                        body.areaId(),
                        body.tags(),
                        body.lat(),
                        body.lon(),
                        body.volume(),
                        body.pollSeconds(),
                        body.quietHours()));
        Device device = created.device();
        return ResponseEntity.created(URI.create("/api/v1/devices/" + device.id()))
                .body(view(device, created.enrolmentCode()));
    }

    @PostMapping("/{id}/enrollment")
    @Operation(
            summary = "Issue a new one-time enrolment code (e.g. for a replacement box)",
            description = "Replaces any previous code. The box that enrols with it gets a new credential, which"
                    + " replaces the device's current one. ADMIN or OPERATOR of the device's area.")
    ResponseEntity<EnrolmentView> enrolment(@PathVariable UUID id) {
        EnrolmentCode code = devices.issueEnrolmentCode(CurrentCaller.get(), id);
        return ResponseEntity.status(201).body(new EnrolmentView(id, code.code(), code.expiresAt()));
    }

    @PostMapping("/{id}/commands")
    @Operation(
            summary = "Ask the device to do something: SYNC_NOW, SET_VOLUME {volume}, STOP, RESTART_AGENT",
            description = "ADMIN or OPERATOR of the device's area. The device is woken and finds the command in its"
                    + " manifest until it acknowledges it. SET_VOLUME also sets the device's volume.")
    ResponseEntity<DeviceCommand> command(@PathVariable UUID id, @RequestBody NewCommand body) {
        DeviceCommand command = commands.issue(CurrentCaller.get(), id, body.type(), body.args());
        return ResponseEntity.created(URI.create("/api/v1/devices/" + id + "/commands"))
                .body(command);
    }

    @GetMapping("/{id}/commands")
    @Operation(summary = "The device's latest commands, newest first; acknowledgedAt is null while pending")
    List<DeviceCommand> commands(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
        return commands.recent(CurrentCaller.get(), id, limit);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a device's name, area, tags, location or settings; changes re-plan it")
    DeviceView update(@PathVariable UUID id, @RequestBody DevicePatch body) {
        return view(devices.update(
                CurrentCaller.get(),
                id,
                new DeviceDraft(
                        body.name(),
                        body.areaId(),
                        body.tags(),
                        body.lat(),
                        body.lon(),
                        body.volume(),
                        body.pollSeconds(),
                        body.quietHours())));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Retire a device and revoke its credential; it stays listed with includeRetired")
    DeviceView retire(@PathVariable UUID id) {
        return view(devices.retire(CurrentCaller.get(), id));
    }

    private DeviceView view(Device d) {
        return view(d, null);
    }

    private DeviceView view(Device d, EnrolmentCode code) {
        String areaName = areas.find(d.areaId()).map(a -> a.name()).orElse(null);
        StatusView status = new StatusView(
                d.statusAt(clock.instant()),
                d.enrolled(),
                d.lastSeenAt(),
                d.offlineSince(),
                d.playingItemId(),
                d.agentVersion(),
                d.freeBytes(),
                d.cacheComplete(),
                d.reportedVolume(),
                d.uptimeSeconds(),
                d.signalQuality(),
                d.mediaErrors());
        return new DeviceView(
                d.id(),
                d.name(),
                d.areaId(),
                areaName,
                List.copyOf(d.tags()),
                d.lat(),
                d.lon(),
                d.volume(),
                d.pollSeconds(),
                d.quietHours().isEmpty() ? null : d.quietHours().toString(),
                d.createdAt(),
                d.retiredAt(),
                status,
                code == null ? null : code.code(),
                code == null ? d.enrolmentExpiresAt() : code.expiresAt());
    }
}
