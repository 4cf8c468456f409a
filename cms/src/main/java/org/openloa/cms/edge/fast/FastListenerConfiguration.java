package org.openloa.cms.edge.fast;

import org.openloa.cms.edge.ManifestHotPath;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the fast listener when {@code openloa.edge.fast-port} is set (0: any free port, for tests). Off by
 * default: a single node whose boxes poll every minute never needs it, and a second port is one more thing to
 * open in a firewall; a deployment that routes /edge/v1/manifest to it (docs/deployment.md) turns it on.
 */
@Configuration
@ConditionalOnProperty("openloa.edge.fast-port")
class FastListenerConfiguration {

    @Bean
    FastListener fastListener(
            ManifestHotPath hotPath,
            Environment environment,
            @Value("${openloa.edge.fast-port}") int port,
            @Value("${openloa.edge.fast-address:}") String address,
            @Value("${openloa.edge.fast-threads:0}") int threads,
            @Value("${openloa.edge.fast-transport:auto}") String transport,
            @Value("${openloa.edge.fast-buffer-ring:true}") boolean bufferRing) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("openloa.edge.fast-port must be a port number (0: any), was " + port);
        }
        // The servlet port is known only once Tomcat has started: read at the first miss.
        ServletPort servlets = new ServletPort(environment);
        return new FastListener(
                hotPath, servlets, address, port, threads, FastListener.Transport.named(transport), bufferRing);
    }
}
