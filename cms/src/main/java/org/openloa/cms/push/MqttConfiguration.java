package org.openloa.cms.push;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.mqtt.core.DefaultMqttPahoClientFactory;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;

/**
 * The outbound side of MQTT, present only when {@code openloa.mqtt.url} is set: Paho v3 connection options held
 * by a {@link DefaultMqttPahoClientFactory} and one connection per node kept by a {@link Mqttv3ClientManager} (it
 * reconnects in the background, so nobody waits for a broker that is down). {@link MqttWakeUp} publishes on that
 * connection itself, in the caller's thread, a wave of wakes pipelined: Spring Integration's outbound adapter
 * waits for each acknowledgement in turn when synchronous, and reports failures only as events when not.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerConfigured.class)
class MqttConfiguration {

    /** At least once, and not kept by the broker: a wake is about now, a stale one must not reach a new box. */
    static final int QOS = 1;

    static final boolean RETAINED = false;

    /**
     * QoS 1 messages the connection may have unacknowledged at once (Paho's default is 10): {@link MqttWakeUp}
     * pipelines a wave of wakes rather than waiting for each acknowledgement. 1,024 was too few: under a woken
     * fleet's load the acknowledgements came back at about 600 a second, and from the 512th wake on each wave
     * waited for them (cms's debug log of the waves, docs/benchmarks.md); the wakes themselves reach the boxes
     * without waiting for cms to read the acknowledgement.
     */
    static final int MAX_INFLIGHT = 10_000;

    @Bean
    DefaultMqttPahoClientFactory mqttClientFactory(MqttProperties mqtt) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setServerURIs(new String[] {mqtt.url()});
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(
                (int) Math.max(1000, mqtt.maxReconnectDelay().toMillis()));
        // Paho counts in whole seconds; a shorter wish still gets one.
        options.setConnectionTimeout((int) Math.max(1, (mqtt.connectTimeout().toMillis() + 999) / 1000));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(MAX_INFLIGHT);
        if (mqtt.username() != null) {
            options.setUserName(mqtt.username());
        }
        if (mqtt.password() != null) {
            options.setPassword(mqtt.password().toCharArray());
        }
        DefaultMqttPahoClientFactory factory = new DefaultMqttPahoClientFactory();
        factory.setConnectionOptions(options);
        return factory;
    }

    @Bean
    Mqttv3ClientManager mqttClientManager(DefaultMqttPahoClientFactory factory, MqttProperties mqtt) {
        Mqttv3ClientManager manager = new Mqttv3ClientManager(factory.getConnectionOptions(), clientId(mqtt));
        manager.setPersistence(new MemoryPersistence());
        manager.setCompletionTimeout(mqtt.connectTimeout().toMillis());
        manager.setDisconnectCompletionTimeout(mqtt.connectTimeout().toMillis());
        return manager;
    }

    /** The prefix and a random suffix: unique per node, and short enough for brokers that keep MQTT 3.1's 23. */
    static String clientId(MqttProperties mqtt) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return mqtt.clientIdPrefix() + HexFormat.of().formatHex(random);
    }
}
