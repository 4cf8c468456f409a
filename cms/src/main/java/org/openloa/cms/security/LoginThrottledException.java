package org.openloa.cms.security;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** Too many failed logins from this address for this user name: wait until {@link #until()}. */
class LoginThrottledException extends AuthenticationException {

    private final transient Instant until;

    LoginThrottledException(Instant until) {
        super("too many failed logins");
        this.until = until;
    }

    Instant until() {
        return until;
    }
}
