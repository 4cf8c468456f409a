package org.openloa.cms.audit;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface AuditEvents extends Repository<AuditEvent, UUID> {

	AuditEvent save(AuditEvent event);

	/**
	 * Events within a subtree; logins and other events with no area (national users) only for the
	 * national level, whose scope is "/".
	 */
	@Query("""
			select e from AuditEvent e
			where (e.areaPath like concat(:scope, '%') or (:scope = '/' and e.areaPath is null))
			  and (:actor is null or lower(e.actor) = lower(:actor))
			  and (:action is null or e.action = :action)
			  and e.at >= :from and e.at < :to
			order by e.at desc
			""")
	Page<AuditEvent> search(@Param("scope") String scope, @Param("actor") String actor,
			@Param("action") String action, @Param("from") Instant from, @Param("to") Instant to, Pageable page);

	@Query("select count(e) from AuditEvent e where e.areaPath like concat(:scope, '%') and e.at >= :since")
	long countSince(@Param("scope") String scope, @Param("since") Instant since);
}
