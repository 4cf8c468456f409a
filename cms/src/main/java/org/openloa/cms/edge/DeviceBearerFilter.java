package org.openloa.cms.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.device.Enrolments;
import org.openloa.cms.device.Secrets;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates "Authorization: Bearer oled_…" as a device, against the database (the hot manifest path has
 * answered before this from memory, when it could). Any other bearer, a user's API token included, is refused:
 * on /edge/v1 only devices are callers.
 */
class DeviceBearerFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final Enrolments enrolments;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    DeviceBearerFilter(Enrolments enrolments, AuthenticationEntryPoint entryPoint) {
        this.enrolments = enrolments;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        String presented = header.substring(PREFIX.length()).strip();
        Optional<UUID> device = presented.startsWith(Secrets.CREDENTIAL_PREFIX)
                ? enrolments.deviceWithCredential(Secrets.sha256(presented))
                : Optional.empty();
        if (device.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("not a device credential"));
            return;
        }
        EdgeDevice principal = new EdgeDevice(device.get(), Secrets.sha256(presented));
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new PreAuthenticatedAuthenticationToken(
                principal, null, List.of(new SimpleGrantedAuthority("ROLE_DEVICE"))));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
