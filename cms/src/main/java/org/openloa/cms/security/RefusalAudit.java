package org.openloa.cms.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.audit.AuditLog;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records what an authenticated user was refused: 403 (a role they lack, an endpoint not theirs) and 404
 * (which is also how an object in another area is answered, so probing shows in the log). Sits inside the
 * security chain, around its refusals and the application's, where the caller is still known; the log
 * limits how many it takes per caller and address.
 */
class RefusalAudit extends OncePerRequestFilter {

    private final AuditLog audit;

    RefusalAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (status == HttpServletResponse.SC_FORBIDDEN || status == HttpServletResponse.SC_NOT_FOUND) {
                Authentication authentication =
                        SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof CallerDetails details) {
                    audit.recordRefusal(
                            details.getUsername(),
                            status == HttpServletResponse.SC_FORBIDDEN ? "ACCESS_DENIED" : "NOT_FOUND",
                            details.caller().scopePath(),
                            request.getMethod() + " " + request.getRequestURI(),
                            request.getRemoteAddr());
                }
            }
        }
    }
}
