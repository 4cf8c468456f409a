package org.openloa.cms.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Counts failed logins in the database, each in its own transaction so a refused login still counts. */
@Service
class LoginThrottle {

    private final LoginThrottleEntries entries;
    private final LoginThrottleProperties policy;
    private final Clock clock;

    LoginThrottle(LoginThrottleEntries entries, LoginThrottleProperties policy, Clock clock) {
        this.entries = entries;
        this.policy = policy;
        this.clock = clock;
    }

    static String key(String username, String address) {
        return (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    @Transactional(readOnly = true)
    public Optional<Instant> lockedUntil(String key) {
        Instant now = clock.instant();
        return entries.findById(key).map(LoginThrottleEntry::lockedUntil).filter(now::isBefore);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String key) {
        LoginThrottleEntry entry = entries.findById(key).orElseGet(() -> new LoginThrottleEntry(key));
        entry.fail(clock.instant(), policy);
        try {
            entries.save(entry);
        } catch (DataIntegrityViolationException raceWithAnotherNode) {
            // Another node inserted the same key a moment ago; its count stands.
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void reset(String key) {
        if (entries.existsById(key)) {
            entries.deleteById(key);
        }
    }
}
