package org.openloa.cms.security;

import java.time.Instant;
import java.util.Optional;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.user.UserDirectory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Checks a user name and password, refusing early while that name is throttled from that address. */
class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwordCheck;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final UserDirectory directory;

    ThrottlingAuthenticationProvider(
            AuthenticationProvider passwordCheck, LoginThrottle throttle, AuditLog audit, UserDirectory directory) {
        this.passwordCheck = passwordCheck;
        this.throttle = throttle;
        this.audit = audit;
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address =
                authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        String key = LoginThrottle.key(username, address);
        Optional<Instant> lockedUntil = throttle.lockedUntil(key);
        if (lockedUntil.isPresent()) {
            audit.recordAlone(username, "LOGIN_THROTTLED", areaPathOf(username), null, address);
            throw new LoginThrottledException(lockedUntil.get());
        }
        try {
            Authentication result = passwordCheck.authenticate(authentication);
            throttle.reset(key);
            return result;
        } catch (AuthenticationException e) {
            throttle.recordFailure(key);
            audit.recordAlone(
                    username, "LOGIN_FAILED", areaPathOf(username), e.getClass().getSimpleName(), address);
            throw e;
        }
    }

    private String areaPathOf(String username) {
        return directory.scopePathOf(username).orElse(null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwordCheck.supports(authentication);
    }
}
