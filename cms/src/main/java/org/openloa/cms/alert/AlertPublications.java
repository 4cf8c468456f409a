package org.openloa.cms.alert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The emergencies that came in by CAP, published again: keyed by their emergency's id, with the text of the
 * Vietnamese {@code <info>} (else the first), the shapes they were aimed at and the codes of the areas they
 * reached. An emergency module's own {@link Publications} (marked {@code @Primary}) takes over from this one.
 */
@Component
@Transactional(readOnly = true)
class AlertPublications implements Publications {

    private static final List<AlertState> PUBLISHED = List.of(AlertState.AIRING, AlertState.STOPPED, AlertState.ENDED);

    private final Alerts alerts;
    private final AreaService areas;

    AlertPublications(Alerts alerts, AreaService areas) {
        this.alerts = alerts;
        this.areas = areas;
    }

    @Override
    public List<Publication> recent(int limit) {
        return alerts.findAired(PUBLISHED, org.springframework.data.domain.PageRequest.of(0, limit)).stream()
                .map(this::publication)
                .toList();
    }

    @Override
    public Optional<Publication> find(UUID id) {
        return alerts.findFirstByEmergencyIdAndStateInOrderByReceivedAtAsc(id, PUBLISHED)
                .map(this::publication);
    }

    /** The polygons and circles the CAP alert that raised this emergency was aimed at; empty for any other. */
    List<Publication.Place> shapesOf(UUID emergencyId) {
        return alerts.findFirstByEmergencyIdAndStateInOrderByReceivedAtAsc(emergencyId, PUBLISHED)
                .map(a -> shapes(info(cap(a))))
                .orElse(List.of());
    }

    private Publication publication(Alert alert) {
        CapDocument.Info info = info(cap(alert));
        List<Publication.Place> places = new ArrayList<>(shapes(info));
        List<String> codes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (UUID id : alert.targetAreaIds()) {
            Optional<Area> area = areas.find(id);
            area.ifPresent(a -> {
                codes.add(a.code());
                names.add(a.name());
            });
        }
        if (!codes.isEmpty()) {
            places.add(new Publication.Place(String.join(", ", names), List.of(), List.of(), codes));
        }
        return new Publication(
                alert.emergencyId(),
                alert.receivedAt(),
                alert.title(),
                info == null ? null : info.description(),
                info == null ? null : info.instruction(),
                alert.priority(),
                alert.expiresAt(),
                places,
                null,
                null,
                null,
                alert.state() == AlertState.STOPPED || alert.state() == AlertState.ENDED ? alert.stoppedAt() : null,
                alert.reason());
    }

    private static CapDocument cap(Alert alert) {
        return CapReader.read(alert.rawXml().getBytes(StandardCharsets.UTF_8));
    }

    /** The Vietnamese {@code <info>}, else the first; null without any. */
    private static CapDocument.Info info(CapDocument cap) {
        return AlertOrders.vietnamese(cap)
                .orElse(cap.infos().isEmpty() ? null : cap.infos().get(0));
    }

    private static List<Publication.Place> shapes(CapDocument.Info info) {
        List<Publication.Place> places = new ArrayList<>();
        if (info != null) {
            for (CapDocument.Area area : info.areas()) {
                if (!area.polygons().isEmpty() || !area.circles().isEmpty()) {
                    places.add(new Publication.Place(
                            area.description(),
                            area.polygons().stream().map(CapWriter::polygon).toList(),
                            area.circles().stream().map(CapWriter::circle).toList(),
                            List.of()));
                }
            }
        }
        return places;
    }
}
