package org.openloa.cms.push;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.stereotype.Component;

/**
 * The {@code mqtt} health contributor: UP while this node holds a connection to the broker, DOWN while it does
 * not (it keeps reconnecting), UNKNOWN when no broker is configured. The cms serves everything without the
 * broker, so load balancers and orchestrators should probe /actuator/health/readiness, which leaves this out.
 */
@Component("mqttHealthIndicator")
class BrokerHealth implements HealthIndicator {

    private final MqttProperties mqtt;
    private final ObjectProvider<Mqttv3ClientManager> manager;

    BrokerHealth(MqttProperties mqtt, ObjectProvider<Mqttv3ClientManager> manager) {
        this.mqtt = mqtt;
        this.manager = manager;
    }

    @Override
    public Health health() {
        Mqttv3ClientManager connection = manager.getIfAvailable();
        if (!mqtt.configured() || connection == null) {
            return Health.unknown()
                    .withDetail("push", "off: openloa.mqtt.url is not set; devices poll")
                    .build();
        }
        return (connection.isConnected() ? Health.up() : Health.down())
                .withDetail("broker", mqtt.safeUrl())
                .withDetail("clientId", connection.getClientId())
                .build();
    }
}
