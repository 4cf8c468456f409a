package org.openloa.cms.broadcast;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Circular 39: NORMAL content an area above the communes sends is offered to each commune it reaches, and
 * airs in a commune once an operator there accepts it. Keeps the offers in line with the broadcast's targets
 * and answers the communes' inbox. Runs in the transaction of {@link BroadcastService}, which it serves.
 */
@Component
class CommuneOffers {

    private final Offers offers;
    private final Broadcasts broadcasts;
    private final Programmes programmes;
    private final AreaService areas;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String programmeKind;

    CommuneOffers(
            Offers offers,
            Broadcasts broadcasts,
            Programmes programmes,
            AreaService areas,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${openloa.scheduling.programme-kind:commune}") String programmeKind) {
        this.offers = offers;
        this.broadcasts = broadcasts;
        this.programmes = programmes;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.programmeKind = programmeKind;
    }

    /** The offers of a broadcast to the communes the caller reaches. */
    List<BroadcastOffer> of(Caller caller, Broadcast broadcast) {
        return offers.findByBroadcastId(broadcast.id()).stream()
                .filter(o -> caller.reaches(o.areaPath()))
                .toList();
    }

    /** Offers to the caller's communes, newest first; {@code state} null for all. */
    List<BroadcastService.Offered> inbox(Caller caller, OfferState state) {
        List<BroadcastService.Offered> entries = new ArrayList<>();
        for (BroadcastOffer offer : offers.findUnder(caller.scopePath())) {
            if (state != null && offer.state() != state) {
                continue;
            }
            broadcasts
                    .findById(offer.broadcastId())
                    .filter(b -> b.acceptanceRequired()
                            && (state != OfferState.PENDING || b.state() != BroadcastState.ENDED))
                    .ifPresent(b -> entries.add(new BroadcastService.Offered(offer, b)));
        }
        return entries;
    }

    /**
     * Accepts or declines what is offered to a commune. {@code areaId} null means the caller's own area. Only an
     * OPERATOR reaching that commune decides; a decision can be changed until the broadcast ends.
     */
    BroadcastOffer decide(Caller caller, UUID broadcastId, UUID areaId, OfferState decision, String reason) {
        if (!caller.has(Role.OPERATOR)) {
            throw ProblemException.forbidden();
        }
        if (decision == OfferState.PENDING) {
            throw ProblemException.badRequest("invalid-decision", "scheduling.offer.invalid-decision");
        }
        UUID area = areaId != null ? areaId : caller.areaId();
        BroadcastOffer offer = area == null
                ? null
                : offers.findByBroadcastIdAndAreaId(broadcastId, area)
                        .filter(o -> caller.reaches(o.areaPath()))
                        .orElse(null);
        Broadcast broadcast =
                offer == null ? null : broadcasts.findById(broadcastId).orElse(null);
        if (offer == null || broadcast == null || !broadcast.acceptanceRequired()) {
            throw ProblemException.notFound("offer");
        }
        if (broadcast.state() == BroadcastState.ENDED) {
            throw ProblemException.conflict("broadcast-ended", "scheduling.broadcast.ended");
        }
        org.openloa.scheduler.broadcast.Broadcast before = programmes.of(broadcast);
        offer.decide(decision, caller.username(), reason, clock.instant());
        offers.save(offer);
        audit.record(
                decision == OfferState.ACCEPTED ? "BROADCAST_ACCEPTED" : "BROADCAST_DECLINED",
                "broadcast",
                broadcast.key(),
                offer.areaPath(),
                broadcast.title() + (offer.reason() == null ? "" : ": " + offer.reason()));
        programmes.changed(broadcast.id());
        events.publishEvent(new BroadcastChanged(broadcast.id(), before, programmes.of(broadcast), broadcast.endsAt()));
        return offer;
    }

    /** Whether the owner sits above the communes (a province): its NORMAL content needs each commune's acceptance. */
    boolean aboveProgrammes(Area owner) {
        return areas.enclosing(owner.path(), programmeKind).isEmpty();
    }

    /** Offers the broadcast to the communes it now reaches, and withdraws it from those it no longer does. */
    void sync(Broadcast broadcast) {
        if (!broadcast.acceptanceRequired()) {
            return;
        }
        Map<UUID, Area> wanted = programmeAreas(broadcast);
        for (BroadcastOffer offer : offers.findByBroadcastId(broadcast.id())) {
            if (wanted.remove(offer.areaId()) == null) {
                offers.delete(offer);
            }
        }
        for (Area area : wanted.values()) {
            BroadcastOffer offer =
                    offers.save(new BroadcastOffer(broadcast.id(), area.id(), area.path(), clock.instant()));
            events.publishEvent(new OfferMade(offer.id(), broadcast.id(), area.id(), area.path(), broadcast.title()));
        }
    }

    /** Withdraws every offer of a broadcast about to be deleted. */
    void withdrawAll(UUID broadcastId) {
        offers.findByBroadcastId(broadcastId).forEach(offers::delete);
    }

    /** The communes a broadcast is offered to: the commune a target lies in, or every commune under a target. */
    private Map<UUID, Area> programmeAreas(Broadcast broadcast) {
        Map<UUID, Area> result = new LinkedHashMap<>();
        for (TargetArea target : broadcast.targetAreas()) {
            Area enclosing = areas.enclosing(target.areaPath(), programmeKind).orElse(null);
            if (enclosing != null) {
                result.putIfAbsent(enclosing.id(), enclosing);
                continue;
            }
            for (Area area : areas.subtree(target.areaPath())) {
                if (programmeKind.equals(area.kind()) && !area.retired()) {
                    result.putIfAbsent(area.id(), area);
                }
            }
        }
        return result;
    }
}
