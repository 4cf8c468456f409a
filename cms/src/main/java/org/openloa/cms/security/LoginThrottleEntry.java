package org.openloa.cms.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "login_throttle")
class LoginThrottleEntry {

    @Id
    @Column(name = "throttle_key")
    private String key;

    private int failures;

    @Column(name = "last_failure_at")
    private Instant lastFailureAt;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    protected LoginThrottleEntry() {}

    LoginThrottleEntry(String key) {
        this.key = key;
    }

    void fail(Instant now, LoginThrottleProperties policy) {
        if (lastFailureAt != null && lastFailureAt.isBefore(now.minus(policy.window()))) {
            failures = 0;
        }
        failures++;
        lastFailureAt = now;
        if (failures >= policy.maxFailures()) {
            // Each failure past the limit doubles the wait, up to the cap: slows guessing, never locks forever.
            int beyond = Math.min(failures - policy.maxFailures(), 16);
            long seconds = Math.min(
                    policy.lockDuration().getSeconds() << beyond,
                    policy.maxLockDuration().getSeconds());
            lockedUntil = now.plusSeconds(seconds);
        }
    }

    Instant lockedUntil() {
        return lockedUntil;
    }
}
