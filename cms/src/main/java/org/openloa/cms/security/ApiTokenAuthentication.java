package org.openloa.cms.security;

import org.openloa.cms.access.BearerCredential;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.user.UserDirectory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;

/** "Authorization: Bearer olt_…" on /api/**: a user's personal API token, checked against the database. */
final class ApiTokenAuthentication implements AuthenticationManager {

    private final UserDirectory directory;

    ApiTokenAuthentication(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        CallerDetails details = directory
                .byToken(((BearerCredential) presented).secret())
                .orElseThrow(() -> new BadCredentialsException("invalid token"));
        return UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
    }

    /** The filter: a request with a bearer either authenticates or is answered 401 at once. */
    static AuthenticationFilter filter(UserDirectory directory, AuthenticationEntryPoint unauthenticated) {
        AuthenticationFilter filter =
                new AuthenticationFilter(new ApiTokenAuthentication(directory), BearerCredential.CONVERTER);
        filter.setSuccessHandler((request, response, authentication) -> {});
        filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthenticated));
        return filter;
    }
}
