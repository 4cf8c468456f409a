package org.openloa.cms.shell;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.OfferState;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.plan.MissedPlays;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

/**
 * What waits for the caller (docs/operator-guide.md, "Your tasks"), by role, within their areas: bulletins to
 * approve (an APPROVER, not their own), their own rejected bulletins (an EDITOR), offers from above waiting in
 * the inbox (an OPERATOR), and, for those who look after the loudspeakers (OPERATOR, ADMIN), offline devices
 * and plays missed in the last 24 hours. Each is a count and the first few, with links; a task with nothing in
 * it is left out. Every read goes through the owning module's service, which applies the caller's reach.
 */
@Component
class YourTasks {

    /** How many of each task the dashboard lists; the count says how many there are in all. */
    static final int SHOWN = 5;

    private final BulletinService bulletins;
    private final BroadcastService broadcasts;
    private final DeviceService devices;
    private final MissedPlays missedPlays;
    private final AreaService areas;
    private final Clock clock;

    YourTasks(
            BulletinService bulletins,
            BroadcastService broadcasts,
            DeviceService devices,
            MissedPlays missedPlays,
            AreaService areas,
            Clock clock) {
        this.bulletins = bulletins;
        this.broadcasts = broadcasts;
        this.devices = devices;
        this.missedPlays = missedPlays;
        this.areas = areas;
        this.clock = clock;
    }

    /** One kind of task: its message key, how many, where the whole list is, and the first few. */
    record Task(String key, long count, String href, List<Line> lines) {}

    /**
     * One thing to do: what (a title), a detail line (who, when: in the caller's area's zone), and its page.
     * The detail is a message key with its arguments, so the template says it in the page's language.
     */
    record Line(String title, String href, String detailKey, List<Object> detailArgs) {}

    List<Task> of(Caller caller) {
        ZoneId zone = caller.areaId() == null
                ? Area.DEFAULT_ZONE
                : areas.find(caller.areaId()).map(Area::zone).orElse(Area.DEFAULT_ZONE);
        List<Task> tasks = new ArrayList<>();
        if (caller.has(Role.APPROVER)) {
            Page<Bulletin> waiting = bulletins.ofAuthor(caller, BulletinStatus.SUBMITTED, false, SHOWN);
            tasks.add(new Task(
                    "approve",
                    waiting.getTotalElements(),
                    "/bulletins?status=SUBMITTED",
                    waiting.stream()
                            .map(b -> new Line(
                                    b.title(),
                                    "/bulletins/" + b.id(),
                                    "tasks.line.by",
                                    List.of(b.authorUsername(), when(b.updatedAt(), zone))))
                            .toList()));
        }
        if (caller.has(Role.EDITOR)) {
            Page<Bulletin> rejected = bulletins.ofAuthor(caller, BulletinStatus.REJECTED, true, SHOWN);
            tasks.add(new Task(
                    "rejected",
                    rejected.getTotalElements(),
                    "/bulletins?status=REJECTED",
                    rejected.stream()
                            .map(b -> new Line(
                                    b.title(),
                                    "/bulletins/" + b.id(),
                                    "tasks.line.rejected",
                                    List.of(when(b.updatedAt(), zone))))
                            .toList()));
        }
        if (caller.has(Role.OPERATOR)) {
            List<BroadcastService.Offered> offers = broadcasts.inbox(caller, OfferState.PENDING);
            tasks.add(new Task(
                    "offers",
                    offers.size(),
                    "/broadcasts/inbox",
                    offers.stream()
                            .limit(SHOWN)
                            .map(o -> new Line(
                                    o.broadcast().title(),
                                    "/broadcasts/inbox",
                                    "tasks.line.offered",
                                    List.of(when(o.offer().createdAt(), zone))))
                            .toList()));
        }
        if (caller.has(Role.OPERATOR) || caller.has(Role.ADMIN)) {
            List<Device> offline =
                    new ArrayList<>(devices.list(caller, new DeviceQuery(null, DeviceStatus.OFFLINE, null, false)));
            offline.sort(Comparator.comparing(
                    Device::lastSeenAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())));
            tasks.add(new Task(
                    "offline",
                    offline.size(),
                    "/devices?status=OFFLINE",
                    offline.stream()
                            .limit(SHOWN)
                            .map(d -> new Line(
                                    d.name(),
                                    "/devices/" + d.id(),
                                    "tasks.line.lastSeen",
                                    List.of(when(d.lastSeenAt(), zone))))
                            .toList()));
            Instant now = clock.instant();
            List<MissedPlays.Missed> missed =
                    missedPlays.list(caller, null, now.minus(java.time.Duration.ofDays(1)), now);
            tasks.add(new Task(
                    "missed",
                    missed.size(),
                    "/devices/missed",
                    missed.stream()
                            .limit(SHOWN)
                            .map(m -> new Line(
                                    m.title() == null ? m.itemId() : m.title(),
                                    "/devices/" + m.deviceId(),
                                    "tasks.line.missed",
                                    List.of(
                                            m.deviceName() == null ? "" : m.deviceName(),
                                            when(m.plannedStart(), zone))))
                            .toList()));
        }
        return tasks;
    }

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("dd/MM HH:mm");

    /** A time as the task lines write it: 08/03 06:00 in the caller's area's zone. */
    private static String when(Instant instant, ZoneId zone) {
        return instant == null ? "—" : WHEN.format(instant.atZone(zone));
    }
}
