package org.openloa.cms.live;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Field;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.WebUtils;

/**
 * Hangs up on an encoder whose session ended. A source's body never ends, and after the handler returns Tomcat
 * drains what is left of a request's body (up to {@code maxSwallowSize}, 2 MiB: four minutes of a 64 kbit/s
 * encoder) before it closes the connection, whatever the status, so the encoder would go on sending into the void.
 * Tomcat's own way out, the one it takes for a cancelled upload, is to tell the connection not to drain it and to
 * close once the answer is out ({@code DISABLE_SWALLOW_INPUT}); Tomcat offers no public handle for it, so this reaches
 * the connector's request through the facade. Lowering {@code server.tomcat.max-swallow-size} for everyone instead
 * would make every refused upload (an expired login on a 1 MB file) a reset connection in the browser.
 */
final class Hangup {

    private static final Logger log = LoggerFactory.getLogger(Hangup.class);
    private static final Field CONNECTOR_REQUEST = connectorRequest();

    private Hangup() {}

    /** Best effort: on another servlet container nothing happens and the encoder stops when that container says. */
    static void after(HttpServletRequest request) {
        RequestFacade facade = WebUtils.getNativeRequest(request, RequestFacade.class);
        if (facade == null || CONNECTOR_REQUEST == null) {
            return;
        }
        try {
            ((Request) CONNECTOR_REQUEST.get(facade)).getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        } catch (IllegalAccessException | RuntimeException e) {
            log.debug("Live ingest: could not hang up at once: {}", e.toString());
        }
    }

    private static Field connectorRequest() {
        try {
            Field field = RequestFacade.class.getDeclaredField("request");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Live ingest: this Tomcat hides its request; an encoder cut off will be drained, not hung up on");
            return null;
        }
    }
}
