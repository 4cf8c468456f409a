package org.openloa.cms.relay;

import java.util.Collection;
import java.util.Comparator;
import java.util.UUID;
import org.openloa.cms.device.DeviceManifestChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Renews the manifests of many boxes in one transaction (a probe's finding on a relay, an area's new fallback): one
 * event per box, each bumping that box's row of device_plan, taken in ascending id order. A broadcast change bumps
 * its boxes together, locking their rows in the primary key's order first (plan/PlanVersions#bump); taking the rows
 * in that same order here is what keeps the two from deadlocking. Taken in the order an area's
 * devices happen to come in, a province-wide PATCH and the probe ticker deadlocked on H2 (bench/scheduling-cms).
 */
@Component
class ManifestRenewals {

    /**
     * The order the databases keep uuid keys in: unsigned, byte by byte, which is the order of the lowercase hex
     * text ({@link UUID#compareTo} compares signed halves, which is not).
     */
    static final Comparator<UUID> DATABASE_ORDER = Comparator.comparing(UUID::toString);

    private final ApplicationEventPublisher events;

    ManifestRenewals(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Each box once, in the database's order, with a wake-up: what they should play or show has changed. */
    void renew(Collection<UUID> boxes, String reason) {
        boxes.stream()
                .distinct()
                .sorted(DATABASE_ORDER)
                .forEach(id -> events.publishEvent(new DeviceManifestChanged(id, reason, true)));
    }
}
