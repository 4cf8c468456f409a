package org.openloa.cms.relay;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface RelaySources extends Repository<RelaySource, UUID> {

    RelaySource save(RelaySource source);

    Optional<RelaySource> findById(UUID id);

    List<RelaySource> findAllByOrderByNameAsc();

    void delete(RelaySource source);
}
