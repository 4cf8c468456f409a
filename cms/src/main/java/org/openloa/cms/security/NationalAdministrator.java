package org.openloa.cms.security;

import java.util.function.Supplier;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.access.Role;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Metrics and the other Actuator endpoints describe the whole system (every area's devices, requests and
 * jobs), so only an administrator of the national level may read them, not a province's or a commune's.
 */
enum NationalAdministrator implements AuthorizationManager<RequestAuthorizationContext> {
    ONLY;

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext request) {
        Authentication who = authentication.get();
        return new AuthorizationDecision(who != null
                && who.getPrincipal() instanceof CallerDetails details
                && details.caller().has(Role.ADMIN)
                && details.caller().isNational());
    }
}
