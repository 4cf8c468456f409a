package org.openloa.cms.edge.fast;

import java.net.InetSocketAddress;
import org.springframework.core.env.Environment;

/**
 * Where cms's own HTTP listener (Tomcat) answers, on this machine: the loopback address (or
 * {@code server.address} when cms listens on one address only) and the port it bound.
 */
final class ServletPort {

    private final Environment environment;
    private volatile InetSocketAddress address;

    ServletPort(Environment environment) {
        this.environment = environment;
    }

    InetSocketAddress address() {
        InetSocketAddress known = address;
        if (known == null) {
            int port = Integer.parseInt(environment.getRequiredProperty("local.server.port"));
            String host = environment.getProperty("server.address", "");
            if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
                host = "127.0.0.1";
            }
            known = new InetSocketAddress(host, port);
            address = known;
        }
        return known;
    }
}
