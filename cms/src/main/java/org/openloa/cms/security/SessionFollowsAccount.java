package org.openloa.cms.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.user.UserDirectory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a web session's rights those of its account on every request, not those it had at login: the
 * account's version is read from the database (so every cms node sees a change made on another), and
 * <ul>
 *   <li>a disabled or removed account, or one whose password changed since, ends the session;
 *   <li>changed roles or area replace the session's principal with the account's present one.
 * </ul>
 */
class SessionFollowsAccount extends OncePerRequestFilter {

    private final UserDirectory directory;
    private final SecurityContextRepository sessions;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionFollowsAccount(UserDirectory directory, SecurityContextRepository sessions) {
        this.directory = directory;
        this.sessions = sessions;
    }

    /** Static files carry no rights: a page's stylesheets and scripts need not each read the account. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return STATIC.stream().anyMatch(path::startsWith);
    }

    private static final List<String> STATIC = List.of("/css/", "/js/", "/images/", "/webjars/", "/favicon.ico");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CallerDetails held) {
            Optional<CallerDetails> current = directory.current(held);
            if (current.isEmpty()) {
                contexts.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (current.get() != held) {
                replace(authentication, current.get(), request, response);
            }
        }
        chain.doFilter(request, response);
    }

    private void replace(
            Authentication old, CallerDetails details, HttpServletRequest request, HttpServletResponse response) {
        // The roles are the account's; what else the login granted (such as the factor it used) stays.
        List<GrantedAuthority> authorities = new ArrayList<>(details.getAuthorities());
        old.getAuthorities().stream()
                .filter(a -> a.getAuthority() == null || !a.getAuthority().startsWith("ROLE_"))
                .forEach(authorities::add);
        UsernamePasswordAuthenticationToken authentication =
                UsernamePasswordAuthenticationToken.authenticated(details, null, authorities);
        authentication.setDetails(old.getDetails());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
    }
}
