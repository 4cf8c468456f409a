package org.openloa.cms.edge;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows guessing of enrolment codes: an address with too many failed enrolments in a window is refused (429)
 * until the window ends. Per node and in memory, unlike the login throttle: a code has 60 random bits and
 * expires, so this only has to make guessing pointless, not count exactly across nodes; and an enrolment
 * storm must not turn into database writes.
 */
@Component
class EnrolThrottle {

    /** Addresses kept at most; past it, windows that ended are swept out. */
    static final int MAX_ADDRESSES = 100_000;

    private final ConcurrentHashMap<String, Attempts> failures = new ConcurrentHashMap<>();
    private final EdgeProperties properties;
    private final Clock clock;

    EnrolThrottle(EdgeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** When the address may try again, or null when it may now. */
    Instant blockedUntil(String address) {
        Attempts attempts = failures.get(address);
        Instant now = clock.instant();
        if (attempts == null || !attempts.until().isAfter(now)) {
            return null;
        }
        return attempts.count() >= properties.enrollFailures() ? attempts.until() : null;
    }

    void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_ADDRESSES) {
            failures.values().removeIf(a -> !a.until().isAfter(now));
        }
        failures.compute(
                address,
                (key, attempts) -> attempts == null || !attempts.until().isAfter(now)
                        ? new Attempts(1, now.plus(properties.enrollWindow()))
                        : new Attempts(attempts.count() + 1, attempts.until()));
    }

    private record Attempts(int count, Instant until) {}
}
