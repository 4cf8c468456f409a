package org.openloa.cms.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.user.CredentialsChanged;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The session in which users change their own password stays open (the others end, see
 * {@link SessionFollowsAccount}): once the change is committed, this session's principal takes the new
 * password version, and a new session id, as after a login.
 */
@Component
class OwnPasswordChange {

    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    @TransactionalEventListener
    void keepThisSession(CredentialsChanged changed) {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (!(authentication != null
                        && authentication.getPrincipal() instanceof CallerDetails held
                        && held.caller().userId().equals(changed.userId()))
                || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return;
        }
        HttpServletRequest request = attributes.getRequest();
        HttpServletResponse response = attributes.getResponse();
        if (request.getSession(false) == null || response == null) {
            return; // an API call: no session to keep
        }
        CallerDetails details = held.withCredentialsVersion(changed.credentialsVersion());
        UsernamePasswordAuthenticationToken renewed =
                UsernamePasswordAuthenticationToken.authenticated(details, null, authentication.getAuthorities());
        renewed.setDetails(authentication.getDetails());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(renewed);
        contexts.setContext(context);
        request.changeSessionId();
        sessions.saveContext(context, request, response);
    }
}
