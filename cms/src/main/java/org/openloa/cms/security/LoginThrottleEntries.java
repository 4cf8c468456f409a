package org.openloa.cms.security;

import java.util.Optional;
import org.springframework.data.repository.Repository;

interface LoginThrottleEntries extends Repository<LoginThrottleEntry, String> {

    Optional<LoginThrottleEntry> findById(String key);

    LoginThrottleEntry save(LoginThrottleEntry entry);

    void deleteById(String key);

    boolean existsById(String key);
}
