package org.openloa.cms.broadcast;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface Offers extends Repository<BroadcastOffer, UUID> {

    BroadcastOffer save(BroadcastOffer offer);

    void delete(BroadcastOffer offer);

    List<BroadcastOffer> findByBroadcastId(UUID broadcastId);

    Optional<BroadcastOffer> findByBroadcastIdAndAreaId(UUID broadcastId, UUID areaId);

    @Query("select o from BroadcastOffer o where o.state = :state and o.broadcastId in :broadcasts")
    List<BroadcastOffer> findByStateAndBroadcastIdIn(
            @Param("state") OfferState state, @Param("broadcasts") Collection<UUID> broadcastIds);

    @Query("select o from BroadcastOffer o where o.areaPath like concat(:scope, '%') order by o.createdAt desc")
    List<BroadcastOffer> findUnder(@Param("scope") String scope);
}
