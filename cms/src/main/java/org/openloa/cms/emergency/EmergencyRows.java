package org.openloa.cms.emergency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface EmergencyRows extends Repository<Emergency, UUID> {

    Emergency save(Emergency emergency);

    Optional<Emergency> findById(UUID id);

    /** Emergencies owned under {@code scope} or airing in an area under it, newest first. */
    @Query("select e from Emergency e where e.areaPath like concat(:scope, '%') or exists (select 1 from Emergency o"
            + " join o.areas a where o = e and a.areaPath like concat(:scope, '%')) order by e.raisedAt desc")
    List<Emergency> findVisible(@Param("scope") String scope);

    /** The emergencies a bulletin is a content of (one, unless an approved bulletin was picked again). */
    @Query("select distinct e from Emergency e join e.contents c where c.bulletinId = :bulletin")
    List<Emergency> findByContent(@Param("bulletin") UUID bulletinId);

    @Query("select e.id from Emergency e where e.state in :states")
    List<UUID> findIdsByState(@Param("states") List<EmergencyState> states);
}
