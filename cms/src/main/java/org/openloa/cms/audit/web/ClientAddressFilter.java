package org.openloa.cms.audit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.openloa.cms.audit.ClientAddress;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the audit log where the request being served comes from. Before the security filters, so that
 * logins are recorded with their address too; behind a proxy the address is the proxy's client
 * ({@code server.forward-headers-strategy}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ClientAddressFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (ClientAddress.Scope ignored = ClientAddress.of(request.getRemoteAddr())) {
            chain.doFilter(request, response);
        }
    }

    /** The rest of an asynchronous request runs on another thread: it needs the address again. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
