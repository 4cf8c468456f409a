package org.openloa.cms.emergency;

import java.util.function.Supplier;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CallerDetails;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Work done for an emergency after the request that raised it (its audio was made meanwhile), done as the person
 * who raised it: the broadcasts are theirs and the audit log names them, not an anonymous background thread.
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
