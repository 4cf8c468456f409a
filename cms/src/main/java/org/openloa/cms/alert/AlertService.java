package org.openloa.cms.alert;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceProfiles;
import org.openloa.cms.problem.ProblemException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * CAP 1.2 alerts in: validated against the OASIS schema, stored whatever they say (the same sender and identifier
 * once), and, when {@code status} is Actual, aired, updated or cancelled as an emergency through
 * {@link AlertAiring}, aimed where the alert's areas meet the caller's reach. Who: an OPERATOR or ADMIN (a user
 * or an API token; a configured feed acts as the user it names). One transaction: a refusal stores nothing and
 * airs nothing.
 */
@Service
@Transactional
public class AlertService {

    /** The most alerts one list answers. */
    public static final int MAX_LIST = 500;

    private static final List<AlertState> ON_AIR = List.of(AlertState.AIRING, AlertState.UPDATED);

    private final Alerts alerts;
    private final AreaService areas;
    private final DeviceProfiles devices;
    private final AudioService audio;
    private final CapResources resources;
    private final ObjectProvider<AlertAiring> airing;
    private final AuditLog audit;
    private final Clock clock;

    AlertService(
            Alerts alerts,
            AreaService areas,
            DeviceProfiles devices,
            AudioService audio,
            CapResources resources,
            ObjectProvider<AlertAiring> airing,
            AuditLog audit,
            Clock clock) {
        this.alerts = alerts;
        this.areas = areas;
        this.devices = devices;
        this.audio = audio;
        this.resources = resources;
        this.airing = airing;
        this.audit = audit;
        this.clock = clock;
    }

    /** A received alert, whether it was new, and (when it was not) the one stored before. */
    public record Received(Alert alert, boolean created) {}

    /**
     * Takes in one CAP document. The same sender and identifier as a stored alert answers with that alert and
     * changes nothing (a feed polled again, a client retrying).
     */
    public Received receive(Caller caller, byte[] xml) {
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
        CapDocument cap = CapReader.read(xml);
        Optional<Alert> existing = alerts.findBySenderAndIdentifier(cap.sender(), cap.identifier());
        if (existing.isPresent()) {
            if (!visible(caller, existing.get())) {
                throw ProblemException.conflict("alert-exists", "alert.exists");
            }
            return new Received(existing.get(), false);
        }
        Alert alert = new Alert(
                UUID.randomUUID(),
                cap,
                new String(xml, StandardCharsets.UTF_8),
                caller.scopePath(),
                caller.username(),
                clock.instant());
        List<Device> candidates = devices.inServiceUnder(List.of(caller.scopePath()), List.of());
        Where.Selection where = where(caller, cap, candidates);
        alert.aimed(where.areaIds(), where.deviceIds(), targeted(where, candidates));
        switch (cap.msgType()) {
            case "Alert" -> alert(caller, cap, alert, where);
            case "Update" -> update(caller, cap, alert, where);
            case "Cancel" -> cancel(caller, cap, alert);
            default -> {
                alert.titled(AlertOrders.order(cap, where, List.of(), Optional.empty())
                        .title());
                alert.storedOnly("msgType " + cap.msgType() + " is stored only");
            }
        }
        alerts.saveAndFlush(alert);
        audit.record(
                "CAP_ALERT_RECEIVED",
                "alert",
                alert.id().toString(),
                alert.areaPath(),
                cap.sender() + " " + cap.identifier() + " [" + cap.status() + " " + cap.msgType() + "] → "
                        + alert.state() + ", " + alert.targetedDevices() + " device(s)");
        return new Received(alert, true);
    }

    @Transactional(readOnly = true)
    public List<Alert> list(Caller caller, int limit) {
        return alerts.findPostedWithin(caller.scopePath(), PageRequest.of(0, Math.max(1, Math.min(limit, MAX_LIST))));
    }

    @Transactional(readOnly = true)
    public Alert get(Caller caller, UUID id) {
        return alerts.findById(id)
                .filter(a -> visible(caller, a))
                .orElseThrow(() -> ProblemException.notFound("alert"));
    }

    /** Where each targeted device stands with the alert's emergency; null when it did not air. */
    @Transactional(readOnly = true)
    public Object board(Caller caller, Alert alert) {
        AlertAiring port = airing.getIfAvailable();
        return port == null || alert.emergencyId() == null ? null : port.board(caller, alert.emergencyId());
    }

    /** The broadcasts the alert's emergency airs now (its audio may have been made since); empty when it did not air. */
    @Transactional(readOnly = true)
    public List<UUID> broadcastIds(Caller caller, Alert alert) {
        AlertAiring port = airing.getIfAvailable();
        if (port == null || alert.emergencyId() == null) {
            return alert.broadcastIds();
        }
        return port.current(caller, alert.emergencyId()).broadcastIds();
    }

    /** Alerts that aired, newest first, for the public feed (no caller: CAP feeds are public). */
    @Transactional(readOnly = true)
    public List<Alert> aired(int limit) {
        return alerts.findAired(
                List.of(AlertState.AIRING, AlertState.STOPPED, AlertState.ENDED),
                PageRequest.of(0, Math.max(1, Math.min(limit, MAX_LIST))));
    }

    /** An alert that aired, for the public feed. */
    @Transactional(readOnly = true)
    public Optional<Alert> airedAlert(UUID id) {
        return alerts.findById(id)
                .filter(a -> a.emergencyId() != null
                        && (a.state() == AlertState.AIRING
                                || a.state() == AlertState.STOPPED
                                || a.state() == AlertState.ENDED));
    }

    /**
     * The emergency an alert aired as left the air without a CAP Cancel (an operator pressed *Dừng phát*, or its
     * last airing ended): the alert says so too, in the same transaction.
     */
    @org.springframework.context.event.EventListener
    void emergencyLeftAir(org.openloa.cms.emergency.EmergencyLeftAir event) {
        for (Alert alert : alerts.findByEmergencyIdAndStateIn(
                event.emergencyId(), List.of(AlertState.AIRING, AlertState.UPDATED))) {
            if (event.state() == org.openloa.cms.emergency.EmergencyState.STOPPED) {
                alert.stopped(event.reason(), event.at());
            } else {
                alert.ended(event.at());
            }
            alerts.save(alert);
        }
    }

    // ---------------------------------------------------------------- what each msgType does

    private void alert(Caller caller, CapDocument cap, Alert alert, Where.Selection where) {
        if (!cap.actual()) {
            alert.titled(
                    AlertOrders.order(cap, where, List.of(), Optional.empty()).title());
            alert.storedOnly("status " + cap.status() + " never airs");
            return;
        }
        raise(caller, cap, alert, where);
    }

    /** Update: the referenced alert's emergency airs the new content (new targets: it is stopped and raised anew). */
    private void update(Caller caller, CapDocument cap, Alert alert, Where.Selection where) {
        if (!cap.actual()) {
            alert(caller, cap, alert, where);
            return;
        }
        Optional<Alert> original = onAir(caller, cap);
        if (original.isEmpty()) {
            raise(caller, cap, alert, where); // CAP: an update of something unknown here is news here
            return;
        }
        AlertAiring port = airing.getIfAvailable();
        if (port == null) {
            raise(caller, cap, alert, where);
            return;
        }
        Alert was = original.get();
        if (was.targetAreaIds().equals(where.areaIds()) && was.targetDeviceIds().equals(where.deviceIds())) {
            AlertOrder order = order(cap, where);
            alert.ordered(order);
            alert.replaced(was, port.replace(caller, was.emergencyId(), order.contents()));
            return;
        }
        String why = "updated by CAP " + cap.identifier();
        port.stop(caller, was.emergencyId(), why);
        was.stopped(why, clock.instant());
        raise(caller, cap, alert, where);
    }

    /** Cancel: the referenced alert's emergency is taken off air, with the note (or headline) as the reason. */
    private void cancel(Caller caller, CapDocument cap, Alert alert) {
        alert.titled(AlertOrders.order(
                        cap, new Where.Selection(java.util.Set.of(), java.util.Set.of()), List.of(), Optional.empty())
                .title());
        if (!cap.actual()) {
            alert.storedOnly("status " + cap.status() + " never airs");
            return;
        }
        Optional<Alert> original = onAir(caller, cap);
        AlertAiring port = airing.getIfAvailable();
        if (original.isEmpty() || port == null) {
            alert.storedOnly("it references nothing on air");
            return;
        }
        String why = reason(cap);
        port.stop(caller, original.get().emergencyId(), why);
        original.get().stopped(why, clock.instant());
        alert.applied(AlertState.CANCELLED, original.get());
    }

    private void raise(Caller caller, CapDocument cap, Alert alert, Where.Selection where) {
        if (where.empty()) {
            throw ProblemException.rule("alert-outside-reach", "/alert/info/area", "alert.outside-reach");
        }
        AlertOrder order = order(cap, where);
        alert.ordered(order);
        AlertAiring port = airing.getIfAvailable();
        if (port == null) {
            alert.notAired("no emergency service on this server");
            return;
        }
        alert.aired(port.raise(caller, order));
    }

    private AlertOrder order(CapDocument cap, Where.Selection where) {
        AlertOrder order = AlertOrders.order(cap, where, audio.voices(), resources.recording(cap));
        if (order.contents().isEmpty()) {
            throw ProblemException.rule("alert-nothing-to-air", "/alert/info", "alert.nothing-to-air");
        }
        return order;
    }

    /** The alert on air that this one references (the latest of its references the caller reaches). */
    private Optional<Alert> onAir(Caller caller, CapDocument cap) {
        List<CapDocument.Reference> references = new ArrayList<>(cap.references());
        java.util.Collections.reverse(references);
        for (CapDocument.Reference reference : references) {
            Optional<Alert> found = alerts.findBySenderAndIdentifier(reference.sender(), reference.identifier())
                    .filter(a -> visible(caller, a) && a.emergencyId() != null);
            if (found.isPresent()) {
                Alert current = alerts.findFirstByEmergencyIdAndStateInOrderByReceivedAtAsc(
                                found.get().emergencyId(), ON_AIR)
                        .orElse(null);
                if (current != null) {
                    return Optional.of(current);
                }
            }
        }
        return Optional.empty();
    }

    private static String reason(CapDocument cap) {
        if (cap.note() != null) {
            return cap.note();
        }
        return cap.infos().stream()
                .map(CapDocument.Info::headline)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("cancelled by CAP " + cap.identifier());
    }

    // ---------------------------------------------------------------- where

    /** The alert's areas clipped to the caller's reach: devices by coordinates, areas by their codes. */
    private Where.Selection where(Caller caller, CapDocument cap, List<Device> candidates) {
        List<Where.Spot> spots = new ArrayList<>();
        for (Device device : candidates) {
            spots.add(new Where.Spot(device.id(), device.lat(), device.lon()));
        }
        Map<String, Where.Place> byCode = new HashMap<>();
        for (Area area : areas.visibleTo(caller)) {
            if (!area.retired()) {
                byCode.put(area.code(), new Where.Place(area.id(), area.path()));
            }
        }
        // The areas above the caller's own: a province-wide geocode reaches a commune operator's commune.
        UUID above = caller.areaId() == null
                ? null
                : areas.find(caller.areaId()).map(Area::parentId).orElse(null);
        while (above != null) {
            Area area = areas.find(above).orElse(null);
            if (area == null) {
                break;
            }
            byCode.putIfAbsent(area.code(), new Where.Place(area.id(), area.path()));
            above = area.parentId();
        }
        return Where.select(Where.areasOf(cap.infos()), spots, byCode, caller.scopePath(), caller.areaId());
    }

    /** How many devices in service the selection reaches: under its areas, or named. */
    private int targeted(Where.Selection where, List<Device> candidates) {
        if (where.empty()) {
            return 0;
        }
        List<String> paths = new ArrayList<>();
        for (UUID id : where.areaIds()) {
            areas.find(id).ifPresent(a -> paths.add(a.path()));
        }
        int count = 0;
        for (Device device : candidates) {
            if (where.deviceIds().contains(device.id()) || paths.stream().anyMatch(device.areaPath()::startsWith)) {
                count++;
            }
        }
        return count;
    }

    private static boolean visible(Caller caller, Alert alert) {
        return caller.reaches(alert.areaPath());
    }
}
