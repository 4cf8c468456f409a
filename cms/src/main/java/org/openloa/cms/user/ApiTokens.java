package org.openloa.cms.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface ApiTokens extends Repository<ApiToken, UUID> {

    ApiToken save(ApiToken token);

    Optional<ApiToken> findById(UUID id);

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByUserIdOrderByCreatedAtDesc(UUID userId);
}
