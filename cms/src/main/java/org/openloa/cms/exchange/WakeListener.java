package org.openloa.cms.exchange;

import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The downstream's side of the wake (docs/exchange.md, "Woken"): with {@code openloa.upstream.mqtt-url} set, each
 * node keeps a connection to the upstream's broker, subscribed to {@link UpstreamSettings#WAKE_TOPIC}, and each
 * message there triggers the pull job now (a one-shot trigger of the clustered job: several nodes woken at once
 * still pull one at a time, and a pull finds nothing new when another just ran). The connection is outbound, so a
 * downstream behind NAT is woken too. Paho reconnects by itself; a wake missed while away is covered by the
 * scheduled pull.
 */
@Component
class WakeListener implements SmartLifecycle, MqttCallbackExtended {

    private static final Logger log = LoggerFactory.getLogger(WakeListener.class);

    private final UpstreamSettings settings;
    private final PullSchedule schedule;
    private volatile MqttAsyncClient client;

    WakeListener(UpstreamSettings settings, PullSchedule schedule) {
        this.settings = settings;
        this.schedule = schedule;
    }

    @Override
    public void start() {
        if (!settings.configured() || settings.mqttUrl() == null) {
            return;
        }
        try {
            MqttAsyncClient c = new MqttAsyncClient(
                    settings.mqttUrl(),
                    "openloa-downstream-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            c.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            options.setCleanSession(true);
            options.setMaxReconnectDelay(30_000);
            if (settings.mqttUsername() != null) {
                options.setUserName(settings.mqttUsername());
            }
            if (settings.mqttPassword() != null) {
                options.setPassword(settings.mqttPassword().toCharArray());
            }
            client = c;
            connect(c, options);
        } catch (MqttException e) {
            log.warn("Cannot listen for the upstream's wakes ({}): the scheduled pull goes on", e.getMessage());
        }
    }

    /** The first connection, tried until it works (automatic reconnect only starts after a first success). */
    private void connect(MqttAsyncClient c, MqttConnectOptions options) {
        Thread connecting = new Thread(
                () -> {
                    long pause = 1000;
                    while (client == c && !c.isConnected()) {
                        try {
                            c.connect(options).waitForCompletion(10_000);
                        } catch (MqttException e) {
                            log.debug("Upstream broker not reachable yet ({}); trying again", e.getMessage());
                            try {
                                Thread.sleep(pause);
                            } catch (InterruptedException stop) {
                                return;
                            }
                            pause = Math.min(30_000, pause * 2);
                        }
                    }
                },
                "exchange-wake-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            client.subscribe(UpstreamSettings.WAKE_TOPIC, 1);
            log.info("Listening for the upstream's wakes on its broker");
        } catch (Exception e) {
            log.warn("Cannot subscribe to the upstream's wakes ({}): the scheduled pull goes on", e.toString());
            return;
        }
        if (reconnect) {
            // Anything changed while away is pulled now rather than at the next scheduled pull. (Not on the first
            // connection: the pull job may not be stored yet, and its schedule runs it at start anyway.)
            try {
                schedule.wake();
            } catch (Exception e) {
                log.debug("Pull after reconnecting not started ({}): the scheduled pull goes on", e.toString());
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            schedule.wake();
        } catch (Exception e) {
            log.warn(
                    "Woken by the upstream but could not start the pull ({}): the scheduled pull goes on",
                    e.toString());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        log.debug("Lost the upstream's broker ({}); reconnecting", String.valueOf(cause));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    @Override
    public void stop() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2000).waitForCompletion(3000);
            }
            c.close(true);
        } catch (MqttException e) {
            log.debug("Closing the wake connection: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }
}
