package org.openloa.cms.device.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @Schema(description = "What the device last reported, and the connection status derived from it")
    record StatusView(
            @Schema(description = "NEVER_SEEN, ONLINE, OFFLINE (silent for three poll intervals) or RETIRED")
            DeviceStatus connection,

            @Schema(description = "whether a box has enrolled as this device")
            boolean enrolled,

            @Schema(description = "when the device last called")
            Instant lastSeenAt,

            @Schema(description = "since when it has been offline; null while online")
            Instant offlineSince,

            @Schema(description = "the plan item it reported playing")
            String playingItemId,

            @Schema(description = "its agent's version") String agentVersion,

            @Schema(description = "free bytes where it keeps its cache")
            Long freeBytes,

            @Schema(description = "whether it has every media it needs, verified")
            Boolean cacheComplete,

            @Schema(description = "the volume it reported, 0..100")
            Integer volume,

            @Schema(description = "seconds since its agent started")
            Long uptimeSeconds,

            @Schema(description = "the signal quality it reported, if any")
            Integer signal,

            @Schema(description = "media the device last reported it could not get right (e.g. a failed SHA-256)")
            List<org.openloa.protocol.Heartbeat.MediaError> mediaErrors,

            @Schema(description = "its latest remote upgrade as it reported it; null before any")
            UpgradeView upgrade) {}

    /** The box's report of its latest remote upgrade. */
    @Schema(description = "The box's report of its latest remote upgrade")
    record UpgradeView(
            @Schema(
                    description = "UPGRADING (switching, not polled yet), UPGRADED, REFUSED (bad download or"
                            + " SHA-256) or ROLLED_BACK (the new version did not poll within its trial)")
            String state,

            @Schema(description = "the version it was asked to install")
            String version,

            @Schema(description = "why it was refused or rolled back")
            String detail,

            @Schema(description = "when it reached this state")
            Instant at) {}

    /**
     * A device. {@code enrollmentCode} is there only in the answer that issued it (shown once; only its hash is
     * kept); {@code enrollmentExpiresAt} while an unused code is pending.
     */
    @Schema(description = "A device: a loudspeaker cluster or an IP radio box")
    record DeviceView(
            @Schema(description = "the device's id") UUID id,
            @Schema(description = "its name") String name,
            @Schema(description = "its area") UUID areaId,
            @Schema(description = "its area's name") String areaName,

            @Schema(description = "its tags, which broadcasts may target")
            List<String> tags,

            @Schema(description = "latitude, -90..90") Double lat,
            @Schema(description = "longitude, -180..180") Double lon,
            @Schema(description = "its volume, 0..100") int volume,

            @Schema(description = "seconds between its manifest polls")
            int pollSeconds,

            @Schema(description = "local stretches in which only emergencies play, e.g. 22:00-05:00")
            String quietHours,

            @Schema(description = "when it was created") Instant createdAt,

            @Schema(description = "when it was retired; null while in service")
            Instant retiredAt,

            @Schema(description = "what it last reported") StatusView status,

            @Schema(description = "the one-time enrolment code: only in the answer that issued it")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            String enrollmentCode,

            @Schema(description = "when the pending enrolment code expires")
            Instant enrollmentExpiresAt) {}

    @Schema(description = "A new device")
    record NewDevice(
            @Schema(description = "its name, at most 255 characters", requiredMode = REQUIRED)
            String name,

            @Schema(description = "its area, within the caller's", requiredMode = REQUIRED)
            UUID areaId,

            @Schema(description = "tags, which broadcasts may target")
            List<String> tags,

            @Schema(description = "latitude, -90..90; with lon")
            Double lat,

            @Schema(description = "longitude, -180..180; with lat")
            Double lon,

            @Schema(description = "volume, 0..100") Integer volume,

            @Schema(description = "seconds between manifest polls")
            Integer pollSeconds,

            @Schema(description = "local stretches, e.g. 22:00-05:00")
            String quietHours) {}

    @Schema(description = "A change to a device; absent fields keep their value")
    record DevicePatch(
            @Schema(description = "its name") String name,

            @Schema(description = "its area, within the caller's")
            UUID areaId,

            @Schema(description = "tags; replace the current ones")
            List<String> tags,

            @Schema(description = "latitude, -90..90; with lon")
            Double lat,

            @Schema(description = "longitude, -180..180; with lat")
            Double lon,

            @Schema(description = "volume, 0..100") Integer volume,

            @Schema(description = "seconds between manifest polls")
            Integer pollSeconds,

            @Schema(description = "local stretches, e.g. 22:00-05:00; empty clears")
            String quietHours) {}

    @Schema(description = "A new one-time enrolment code")
    record EnrolmentView(
            @Schema(description = "the device") UUID deviceId,

            @Schema(description = "the code, shown only here")
            String enrollmentCode,

            @Schema(description = "when it expires") Instant enrollmentExpiresAt) {}

    @Schema(description = "A command to send to a device")
    record NewCommand(
            @Schema(description = "SYNC_NOW, SET_VOLUME, STOP or RESTART_AGENT", requiredMode = REQUIRED)
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
    @Operation(summary = "One device, with its status")
    DeviceView get(@PathVariable UUID id) {
        return view(devices.get(CurrentCaller.get(), id));
    }

    @PostMapping
    @Operation(
            summary = "Create a device in an area the caller operates (ADMIN or OPERATOR)",
            description = "The answer carries a one-time enrollmentCode (and enrollmentExpiresAt) for the installer:"
                    + " it is shown only here. The box trades it for its credential at POST /edge/v1/enroll.")
    @ApiResponse(responseCode = "201", description = "created; Location names it")
    @ApiResponse(responseCode = "404", description = "the area is not found or outside the caller's")
    @ApiResponse(responseCode = "422", description = "a rule is broken; errors names each field")
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
    @ApiResponse(responseCode = "201", description = "the new code")
    @ApiResponse(responseCode = "409", description = "the device is retired")
    ResponseEntity<EnrolmentView> enrolment(@PathVariable UUID id) {
        EnrolmentCode code = devices.issueEnrolmentCode(CurrentCaller.get(), id);
        return ResponseEntity.status(201).body(new EnrolmentView(id, code.code(), code.expiresAt()));
    }

    @PostMapping("/{id}/commands")
    @Operation(
            summary = "Ask the device to do something: SYNC_NOW, SET_VOLUME {volume}, STOP, RESTART_AGENT,"
                    + " UPGRADE {version}",
            description = "ADMIN or OPERATOR of the device's area. The device is woken and finds the command in its"
                    + " manifest until it acknowledges it. SET_VOLUME also sets the device's volume. UPGRADE takes a"
                    + " registered agent version (/api/v1/agent-releases); the cms adds its URL, SHA-256 and trial.")
    @ApiResponse(responseCode = "201", description = "sent")
    @ApiResponse(responseCode = "409", description = "the device is retired")
    @ApiResponse(responseCode = "422", description = "no type, or arguments the type does not take")
    ResponseEntity<DeviceCommand> command(@PathVariable UUID id, @RequestBody NewCommand body) {
        DeviceCommand command = commands.issue(CurrentCaller.get(), id, body.type(), body.args());
        return ResponseEntity.created(URI.create("/api/v1/devices/" + id + "/commands"))
                .body(command);
    }

    @GetMapping("/{id}/commands")
    @Operation(summary = "The device's latest commands, newest first; acknowledgedAt is null while pending")
    List<DeviceCommand> commands(
            @PathVariable UUID id,
            @Parameter(description = "at most this many") @RequestParam(defaultValue = "50") int limit) {
        return commands.recent(CurrentCaller.get(), id, limit);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a device's name, area, tags, location or settings; changes re-plan it")
    @ApiResponse(responseCode = "409", description = "the device is retired")
    @ApiResponse(responseCode = "422", description = "a rule is broken; errors names each field")
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
                d.mediaErrors(),
                d.upgradeState() == null
                        ? null
                        : new UpgradeView(d.upgradeState(), d.upgradeVersion(), d.upgradeDetail(), d.upgradeAt()));
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
