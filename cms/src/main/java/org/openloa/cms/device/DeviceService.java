package org.openloa.cms.device;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.reach.DeviceProfile;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices within the caller's subtree. Anyone who reaches a device's area reads it; an ADMIN or OPERATOR of
 * the area creates and changes it. A change that alters what the scheduler knows of a device (its area, its
 * tags, whether it is in service) publishes {@link DeviceChanged} inside the transaction.
 */
@Service
@Transactional
public class DeviceService {

    static final int MIN_POLL_SECONDS = 5;
    static final int MAX_POLL_SECONDS = 3600;
    private static final int NAMES_PER_QUERY = 500;

    private final Devices devices;
    private final DeviceProfiles profiles;
    private final AreaService areas;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final DeviceSettings settings;
    private final Clock clock;

    DeviceService(
            Devices devices,
            DeviceProfiles profiles,
            AreaService areas,
            AuditLog audit,
            ApplicationEventPublisher events,
            DeviceSettings settings,
            Clock clock) {
        this.devices = devices;
        this.profiles = profiles;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new device and its one-time enrolment code, in one transaction: the code is shown once, now. */
    public record CreatedDevice(Device device, EnrolmentCode enrolmentCode) {}

    @Transactional(readOnly = true)
    public List<Device> list(Caller caller, DeviceQuery query) {
        String scope = query.areaId() == null
                ? caller.scopePath()
                : areas.get(caller, query.areaId()).path();
        Instant now = clock.instant();
        String tag = query.tag() == null || query.tag().isBlank() ? null : Tags.normalise(query.tag(), "tag");
        List<Device> found = new ArrayList<>();
        for (Device device :
                devices.findUnder(scope, query.includeRetired() || query.status() == DeviceStatus.RETIRED)) {
            if ((query.status() == null || device.statusAt(now) == query.status())
                    && (tag == null || device.tags().contains(tag))) {
                found.add(device);
            }
        }
        return found;
    }

    @Transactional(readOnly = true)
    public Device get(Caller caller, UUID id) {
        return devices.findById(id)
                .filter(d -> caller.reaches(d.areaPath()))
                .orElseThrow(() -> ProblemException.notFound("device"));
    }

    @Transactional(readOnly = true)
    public long countInService(Caller caller) {
        return devices.countInServiceUnder(caller.scopePath());
    }

    /**
     * Every device under an area path (retired ones too), by id, in one query: how a module that keeps rows per
     * device narrows them to an area without reading the device table. The caller checks the path is in reach.
     */
    @Transactional(readOnly = true)
    public Map<UUID, DeviceName> namesUnder(String areaPath) {
        Map<UUID, DeviceName> found = new HashMap<>();
        devices.findNamesUnder(areaPath).forEach(d -> found.put(d.id(), d));
        return found;
    }

    /** Those of these devices that exist (retired ones too), by id; read in batches, not one by one. */
    @Transactional(readOnly = true)
    public Map<UUID, DeviceName> names(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(new LinkedHashSet<>(ids));
        Map<UUID, DeviceName> found = new HashMap<>();
        for (int i = 0; i < all.size(); i += NAMES_PER_QUERY) {
            devices.findNames(all.subList(i, Math.min(all.size(), i + NAMES_PER_QUERY)))
                    .forEach(d -> found.put(d.id(), d));
        }
        return found;
    }

    /** Creates a device (see {@link #create}) with its first one-time enrolment code. */
    public CreatedDevice createWithEnrolmentCode(Caller caller, DeviceDraft draft) {
        Device device = create(caller, draft);
        return new CreatedDevice(device, issueEnrolmentCode(caller, device.id()));
    }

    /**
     * Issues a fresh one-time enrolment code for a device (first installation, or a replacement box), replacing
     * any previous code. Only its SHA-256 is stored; the box that enrols with it gets a new credential, which
     * replaces the current one. ADMIN or OPERATOR of the device's area.
     */
    public EnrolmentCode issueEnrolmentCode(Caller caller, UUID deviceId) {
        Device device = get(caller, deviceId);
        requireOperatorOrAdmin(caller);
        if (device.retired()) {
            throw ProblemException.conflict("device-retired", "device.retired");
        }
        String code = Secrets.newEnrolmentCode();
        Instant expiresAt = clock.instant().plus(settings.enrollmentCodeValidity());
        device.issueEnrolment(Secrets.sha256(Secrets.canonicalCode(code)), expiresAt);
        devices.save(device);
        audit.record(
                "DEVICE_ENROLLMENT_CODE",
                "device",
                device.id().toString(),
                device.areaPath(),
                "valid until " + expiresAt);
        return new EnrolmentCode(code, expiresAt);
    }

    /** Creates a device in an area the caller reaches. */
    public Device create(Caller caller, DeviceDraft draft) {
        requireOperatorOrAdmin(caller);
        if (draft.areaId() == null) {
            throw ProblemException.rule("area-required", "areaId", "device.area-required");
        }
        Area area = inServiceArea(caller, draft.areaId());
        checkLocation(draft.lat(), draft.lon());
        Device device = new Device(
                UUID.randomUUID(),
                area.id(),
                area.path(),
                checkName(draft.name()),
                Tags.normalise(draft.tags(), "tags"),
                draft.lat(),
                draft.lon(),
                checkVolume(draft.volume() == null ? Device.DEFAULT_VOLUME : draft.volume()),
                checkPoll(draft.pollSeconds() == null ? Device.DEFAULT_POLL_SECONDS : draft.pollSeconds()),
                clock.instant());
        if (draft.quietHours() != null) {
            device.quietHours(QuietHours.parse(draft.quietHours()));
        }
        devices.save(device);
        audit.record("DEVICE_CREATED", "device", device.id().toString(), device.areaPath(), device.name());
        events.publishEvent(new DeviceChanged(device.id(), null, profiles.profile(device)));
        return device;
    }

    /** Changes the fields given (null keeps a field as it is); a change of area or tags re-plans the device. */
    public Device update(Caller caller, UUID id, DeviceDraft change) {
        requireOperatorOrAdmin(caller);
        Device device = get(caller, id);
        if (device.retired()) {
            throw ProblemException.conflict("device-retired", "device.retired");
        }
        DeviceProfile before = profiles.profile(device);
        List<Object> settingsBefore = List.of(device.volume(), device.pollSeconds(), device.quietHours());
        if (change.areaId() != null && !change.areaId().equals(device.areaId())) {
            Area area = inServiceArea(caller, change.areaId());
            device.moveTo(area.id(), area.path());
        }
        if (change.name() != null) {
            device.rename(checkName(change.name()));
        }
        if (change.tags() != null) {
            device.retag(Tags.normalise(change.tags(), "tags"));
        }
        if (change.lat() != null || change.lon() != null) {
            Double lat = change.lat() == null ? device.lat() : change.lat();
            Double lon = change.lon() == null ? device.lon() : change.lon();
            checkLocation(lat, lon);
            device.locate(lat, lon);
        }
        if (change.volume() != null || change.pollSeconds() != null) {
            device.configure(
                    checkVolume(change.volume() == null ? device.volume() : change.volume()),
                    checkPoll(change.pollSeconds() == null ? device.pollSeconds() : change.pollSeconds()));
        }
        if (change.quietHours() != null) {
            device.quietHours(QuietHours.parse(change.quietHours()));
        }
        devices.save(device);
        audit.record("DEVICE_UPDATED", "device", device.id().toString(), device.areaPath(), device.name());
        DeviceProfile after = profiles.profile(device);
        if (!before.equals(after)) {
            events.publishEvent(new DeviceChanged(device.id(), before, after));
        }
        if (!settingsBefore.equals(List.of(device.volume(), device.pollSeconds(), device.quietHours()))) {
            // The manifest carries the settings: the device must see them at its next poll, or now.
            events.publishEvent(new DeviceManifestChanged(device.id(), "settings", true));
        }
        return device;
    }

    /** Takes a device out of service and revokes its credential; it stays listed as retired. */
    public Device retire(Caller caller, UUID id) {
        requireOperatorOrAdmin(caller);
        Device device = get(caller, id);
        if (device.retired()) {
            return device;
        }
        DeviceProfile before = profiles.profile(device);
        device.retire(clock.instant());
        devices.save(device);
        audit.record("DEVICE_RETIRED", "device", device.id().toString(), device.areaPath(), device.name());
        events.publishEvent(new DeviceChanged(device.id(), before, null));
        return device;
    }

    /**
     * Marks devices silent for three poll intervals as offline (the offline job, at the edge of time). A
     * heartbeat clears {@code offline_since} again.
     */
    public List<Device> markOffline(Instant now) {
        List<Device> silent = new ArrayList<>();
        for (Device device : devices.findSilentSince(
                now.minusSeconds((long) MIN_POLL_SECONDS * Device.MISSED_POLLS_BEFORE_OFFLINE))) {
            if (!device.staleAfter().isAfter(now)) {
                silent.add(device);
            }
        }
        if (!silent.isEmpty()) {
            devices.markOffline(silent.stream().map(Device::id).toList(), now);
            for (Device device : silent) {
                audit.record(
                        "DEVICE_OFFLINE",
                        "device",
                        device.id().toString(),
                        device.areaPath(),
                        device.name() + " last seen " + device.lastSeenAt());
                events.publishEvent(new DeviceWentOffline(
                        device.id(), device.areaId(), device.areaPath(), device.name(), device.lastSeenAt()));
            }
        }
        return silent;
    }

    private Area inServiceArea(Caller caller, UUID areaId) {
        Area area = areas.get(caller, areaId);
        if (area.retired()) {
            throw ProblemException.rule("area-retired", "areaId", "device.area-retired", area.name());
        }
        return area;
    }

    /** Whether the caller's roles let them change devices and send them commands (in their own areas). */
    public static boolean canChange(Caller caller) {
        return caller.mayOperate();
    }

    static void requireOperatorOrAdmin(Caller caller) {
        if (!canChange(caller)) {
            throw ProblemException.forbidden();
        }
    }

    private static String checkName(String name) {
        name = Text.clean(name, "name");
        if (name == null || name.isBlank() || name.strip().length() > 255) {
            throw ProblemException.rule("invalid-name", "name", "device.invalid-name");
        }
        return name.strip();
    }

    private static void checkLocation(Double lat, Double lon) {
        if ((lat == null) != (lon == null)) {
            throw ProblemException.rule(
                    "incomplete-location", lat == null ? "lat" : "lon", "device.incomplete-location");
        }
        if (lat != null && (lat < -90 || lat > 90 || lat.isNaN())) {
            throw ProblemException.rule("invalid-latitude", "lat", "device.invalid-latitude");
        }
        if (lon != null && (lon < -180 || lon > 180 || lon.isNaN())) {
            throw ProblemException.rule("invalid-longitude", "lon", "device.invalid-longitude");
        }
    }

    private static int checkVolume(int volume) {
        if (volume < 0 || volume > 100) {
            throw ProblemException.rule("invalid-volume", "volume", "device.invalid-volume");
        }
        return volume;
    }

    private static int checkPoll(int seconds) {
        if (seconds < MIN_POLL_SECONDS || seconds > MAX_POLL_SECONDS) {
            throw ProblemException.rule(
                    "invalid-poll-seconds",
                    "pollSeconds",
                    "device.invalid-poll-seconds",
                    MIN_POLL_SECONDS,
                    MAX_POLL_SECONDS);
        }
        return seconds;
    }
}
