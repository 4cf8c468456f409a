package org.openloa.cms.audit;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface AuditEvents extends Repository<AuditEvent, UUID>, JpaSpecificationExecutor<AuditEvent> {

    AuditEvent save(AuditEvent event);

    @Query("select count(e) from AuditEvent e where e.areaPath like concat(:scope, '%') and e.at >= :since")
    long countSince(@Param("scope") String scope, @Param("since") Instant since);
}
