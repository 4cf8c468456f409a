package org.openloa.cms.alert;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface Alerts extends Repository<Alert, UUID> {

    Alert save(Alert alert);

    Alert saveAndFlush(Alert alert);

    Optional<Alert> findById(UUID id);

    Optional<Alert> findBySenderAndIdentifier(String sender, String identifier);

    /** Alerts posted within {@code scope}, newest first. */
    @Query("select a from Alert a where a.areaPath like concat(:scope, '%') order by a.receivedAt desc")
    List<Alert> findPostedWithin(@Param("scope") String scope, Pageable page);

    /** Alerts that aired as an emergency, newest first: what the public feed lists. */
    @Query("select a from Alert a where a.emergencyId is not null and a.state in :states order by a.receivedAt desc")
    List<Alert> findAired(@Param("states") List<AlertState> states, Pageable page);

    List<Alert> findByEmergencyIdAndStateIn(UUID emergencyId, List<AlertState> states);

    Optional<Alert> findFirstByEmergencyIdAndStateInOrderByReceivedAtAsc(UUID emergencyId, List<AlertState> states);
}
