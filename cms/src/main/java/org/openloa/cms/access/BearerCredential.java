package org.openloa.cms.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A bearer secret as presented ("Authorization: Bearer …"), not yet checked: what each bearer filter's
 * {@link org.springframework.security.authentication.AuthenticationManager} turns into a caller, or refuses.
 */
public final class BearerCredential extends AbstractAuthenticationToken {

    private static final String SCHEME = "Bearer ";

    private final String secret;

    private BearerCredential(String secret) {
        super(List.of());
        this.secret = secret;
        setAuthenticated(false);
    }

    public String secret() {
        return secret;
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    /** Reads the bearer secret of a request; a request without one is left to the other ways in. */
    public static final AuthenticationConverter CONVERTER = BearerCredential::from;

    private static BearerCredential from(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return new BearerCredential(header.substring(SCHEME.length()).strip());
    }
}
