package org.openloa.cms.broadcast;

import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface Broadcasts extends Repository<Broadcast, UUID> {

    Broadcast save(Broadcast broadcast);

    Optional<Broadcast> findById(UUID id);

    /** These broadcasts (those that still exist), read-only: for naming what a device played. */
    @QueryHints(@QueryHint(name = org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, value = "true"))
    List<Broadcast> findByIdIn(Collection<UUID> ids);

    void delete(Broadcast broadcast);

    /**
     * Broadcasts the scheduler must consider: everything not ended. Loaded read-only (no dirty-checking of
     * hundreds of rows at every later query of the transaction): only for building the scheduler's values;
     * a broadcast to be changed is loaded by {@link #findById} first.
     */
    @QueryHints(@QueryHint(name = org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, value = "true"))
    @Query("select b from Broadcast b where b.state <> :ended")
    List<Broadcast> findLive(@Param("ended") BroadcastState ended);

    /**
     * Broadcasts owned under {@code scope}, or targeting an area under it or above it (the province a commune
     * belongs to), whose span meets {@code [from, to)}.
     */
    @Query(
            "select b from Broadcast b where (b.endsAt is null or b.endsAt > :from) and (b.startsAt is null or b.startsAt < :to)"
                    + " and (b.areaPath like concat(:scope, '%') or exists (select 1 from Broadcast o join o.targetAreas t"
                    + " where o = b and (t.areaPath like concat(:scope, '%') or t.areaPath in :above)))"
                    + " order by b.startsAt, b.createdAt")
    List<Broadcast> findVisible(
            @Param("scope") String scope,
            @Param("above") Collection<String> pathsAbove,
            @Param("from") Instant from,
            @Param("to") Instant to);

    @Query("select b from Broadcast b where b.state = :ended and b.updatedAt >= :since")
    List<Broadcast> findEndedSince(@Param("ended") BroadcastState ended, @Param("since") Instant since);

    @Query("select b from Broadcast b where b.state <> :ended and b.endsAt <= :now")
    List<Broadcast> findOverdue(@Param("ended") BroadcastState ended, @Param("now") Instant now);

    @Query("select distinct b from Broadcast b join b.items i where b.state <> :ended and i.bulletinId = :bulletin")
    List<Broadcast> findLivePlaying(@Param("ended") BroadcastState ended, @Param("bulletin") UUID bulletinId);

    @Query("select b.id, b.title from Broadcast b where b.id in :ids")
    List<Object[]> findTitles(@Param("ids") Collection<UUID> ids);
}
