package org.openloa.cms.live;

import java.util.function.Supplier;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CallerDetails;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Work done for a live session outside the request that started it (its source connected, it fell silent, its
 * recording is ready), done as the person who started it: the broadcast is theirs and the audit log names them.
 */
final class ActingAs {

    private ActingAs() {}

    static <T> T run(Caller caller, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext acting = SecurityContextHolder.createEmptyContext();
        CallerDetails details = new CallerDetails(caller, null, true, 0, 0);
        acting.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(acting);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
