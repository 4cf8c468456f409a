package org.openloa.cms.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyState;
import org.openloa.cms.problem.ProblemException;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * What the public CAP feeds publish: every emergency that aired, from the button or from CAP. Its text and
 * audio are those of its first content (the Vietnamese one), its areas are given by their codes, and one that
 * came by CAP keeps the polygons and circles it was aimed at. Read as the system: the feeds are public, as
 * the loudspeakers are.
 */
@Component
@Primary
class EmergencyPublications implements Publications {

    private final Emergencies emergencies;
    private final AlertPublications alerts;
    private final BulletinService bulletins;
    private final AudioLibrary audio;
    private final AreaService areas;

    EmergencyPublications(
            Emergencies emergencies,
            AlertPublications alerts,
            BulletinService bulletins,
            AudioLibrary audio,
            AreaService areas) {
        this.emergencies = emergencies;
        this.alerts = alerts;
        this.bulletins = bulletins;
        this.audio = audio;
        this.areas = areas;
    }

    @Override
    public List<Publication> recent(int limit) {
        return emergencies.list(Caller.system(), 0, limit).stream()
                .filter(EmergencyPublications::aired)
                .map(this::publication)
                .toList();
    }

    @Override
    public Optional<Publication> find(UUID id) {
        try {
            return Optional.of(emergencies.get(Caller.system(), id))
                    .filter(EmergencyPublications::aired)
                    .map(this::publication);
        } catch (ProblemException notFound) {
            return Optional.empty();
        }
    }

    /** On air, or it was: a stopped or failed emergency that never aired is not news. */
    private static boolean aired(Emergency e) {
        return e.state() == EmergencyState.ON_AIR
                || ((e.state() == EmergencyState.STOPPED || e.state() == EmergencyState.ENDED)
                        && !e.allBroadcastIds().isEmpty());
    }

    private Publication publication(Emergency e) {
        Bulletin first = e.contents().stream()
                .map(Emergency.Content::bulletinId)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(id -> bulletins.get(Caller.system(), id))
                .orElse(null);
        MediaAsset asset = first == null || first.audioAssetId() == null
                ? null
                : audio.asset(first.audioAssetId()).orElse(null);
        List<Publication.Place> places = new ArrayList<>(alerts.shapesOf(e.id()));
        List<String> codes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Emergency.Target target : e.areas()) {
            Optional<Area> area = areas.find(target.areaId());
            area.ifPresent(a -> {
                codes.add(a.code());
                names.add(a.name());
            });
        }
        if (!codes.isEmpty()) {
            places.add(new Publication.Place(String.join(", ", names), List.of(), List.of(), codes));
        }
        boolean stopped = e.state() == EmergencyState.STOPPED;
        return new Publication(
                e.id(),
                e.issuedAt(),
                e.title(),
                first == null ? null : first.body(),
                null,
                e.priority(),
                e.endsAt(),
                places,
                asset == null ? null : asset.id(),
                asset == null ? null : asset.mimeType(),
                asset == null ? null : asset.sizeBytes(),
                stopped ? e.stoppedAt() : null,
                stopped ? e.stopReason() : null);
    }
}
