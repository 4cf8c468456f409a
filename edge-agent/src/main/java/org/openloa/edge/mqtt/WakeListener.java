package org.openloa.edge.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openloa.edge.support.Json;
import org.openloa.edge.support.Signal;
import org.openloa.edge.support.Threads;
import org.openloa.protocol.Wake;

/**
 * Subscribes to the device's wake topic with Paho (MQTT 3.1.1) and calls {@code onWake} for every
 * message, and once after every reconnection (wakes sent while it was away are lost, so it polls to
 * catch up). Paho reconnects by itself once connected; until the first connection succeeds this class
 * retries, backing off from 1 s to 1 minute. Nothing here ever blocks polling.
 */
public final class WakeListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WakeListener.class.getName());
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    private final URI broker;
    private final String deviceId;
    private final String topic;
    private final String username;
    private final String password;
    /** Told each wake's announced plan version (null when it named none, and after a reconnection). */
    private final Consumer<Long> onWake;

    private final Signal closing = new Signal();
    private volatile boolean closed;
    private volatile MqttAsyncClient client;
    private volatile boolean listening;

    /**
     * @param username may be null
     * @param password may be null
     * @param onWake   told the plan version each wake announced (null when it named none, or after a reconnection)
     */
    public WakeListener(URI broker, String deviceId, String username, String password, Consumer<Long> onWake) {
        this.broker = broker;
        this.deviceId = deviceId;
        this.topic = topic(deviceId);
        this.username = username;
        this.password = password;
        this.onWake = onWake;
    }

    public static String topic(String deviceId) {
        return "openloa/devices/" + deviceId + "/wake";
    }

    /** Whether the subscription is in place (wakes published now will arrive). */
    public boolean listening() {
        return listening;
    }

    /** Connects in the background and returns at once. */
    public void start() {
        Threads.start("mqtt-connect", this::connectUntilConnected);
    }

    private void connectUntilConnected() {
        Duration wait = Duration.ofSeconds(1);
        try {
            MqttAsyncClient mqtt =
                    new MqttAsyncClient(broker.toString(), "openloa-" + deviceId, new MemoryPersistence());
            mqtt.setCallback(new Callback());
            client = mqtt;
            while (!closed) {
                try {
                    mqtt.connect(options()).waitForCompletion(30_000);
                    return;
                } catch (MqttException e) {
                    Duration retry = wait;
                    LOG.log(
                            Level.INFO,
                            () -> "mqtt: cannot reach " + broker + " (" + e.getMessage() + "); trying again in "
                                    + retry.toSeconds() + " s; polling goes on meanwhile");
                    closing.await(wait);
                    wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
                }
            }
        } catch (MqttException e) {
            LOG.log(Level.WARNING, "mqtt: cannot use " + broker + "; wake-ups are off, polling goes on", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) LONGEST_RETRY.toMillis());
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(60);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // Asynchronous: Paho's callbacks must not block.
            try {
                client.subscribe(topic, 1, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        listening = true;
                        LOG.info(() -> "mqtt: listening on " + topic + " at " + serverURI);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        LOG.log(Level.WARNING, "mqtt: cannot subscribe to " + topic + "; polling goes on", failure);
                    }
                });
            } catch (MqttException e) {
                LOG.log(Level.WARNING, "mqtt: cannot subscribe to " + topic, e);
            }
            if (reconnect) {
                onWake.accept(null);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            listening = false;
            LOG.info(() -> "mqtt: connection lost (" + (cause == null ? "?" : cause.getMessage()) + "); reconnecting");
        }

        @Override
        public void messageArrived(String arrivedOn, MqttMessage message) {
            Wake wake = wake(message.getPayload());
            String reason = wake.reason();
            LOG.info(() -> "mqtt: wake" + (reason == null ? "" : " (" + reason + ")") + ": polling now");
            onWake.accept(wake.planVersion());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // this client publishes nothing
        }
    }

    /**
     * The wake as the protocol describes it; a payload that is not (any payload wakes) gives its text as the reason
     * and no plan version.
     */
    static Wake wake(byte[] payload) {
        try {
            Wake wake = Json.read(payload, Wake.class);
            if (wake != null) {
                Long version = wake.planVersion();
                return version == null || version >= 0 ? wake : new Wake(wake.reason());
            }
            return new Wake(null);
        } catch (RuntimeException e) {
            String text = new String(payload, StandardCharsets.UTF_8).trim();
            return new Wake(text.isEmpty() ? null : text.length() > 80 ? text.substring(0, 80) : text);
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.raise();
        MqttAsyncClient mqtt = client;
        if (mqtt != null) {
            try {
                if (mqtt.isConnected()) {
                    mqtt.disconnect(1000).waitForCompletion(2000);
                }
                mqtt.close(true);
            } catch (MqttException e) {
                LOG.fine(() -> "mqtt: " + e.getMessage());
            }
        }
    }
}
