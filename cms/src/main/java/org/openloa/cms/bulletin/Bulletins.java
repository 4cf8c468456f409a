package org.openloa.cms.bulletin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface Bulletins extends Repository<Bulletin, UUID>, JpaSpecificationExecutor<Bulletin> {

    Bulletin save(Bulletin bulletin);

    Optional<Bulletin> findById(UUID id);

    void delete(Bulletin bulletin);

    List<Bulletin> findByLineageIdOrderByRevisionDesc(UUID lineageId);

    @Query("select count(b) from Bulletin b where b.areaPath like concat(:scope, '%') and b.status = :status")
    long countInScope(@Param("scope") String scope, @Param("status") BulletinStatus status);

    @Query("select b.id from Bulletin b where b.status = :status and b.validUntil <= :until")
    List<UUID> findIdsByStatusValidUntil(@Param("status") BulletinStatus status, @Param("until") Instant until);
}
