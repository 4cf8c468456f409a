package org.openloa.cms.access;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being served. */
public final class CurrentCaller {

    private CurrentCaller() {}

    public static Caller get() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("no authenticated caller"));
    }

    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CallerDetails details) {
            return Optional.of(details.caller());
        }
        return Optional.empty();
    }
}
