package org.openloa.bench.fleet;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openloa.protocol.Wake;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MQTT side: one Paho client per box, as OpenLoa's agent has, subscribed (QoS 1) to
 * {@code openloa/devices/{deviceId}/wake}. Paho gives each client three long-running loops (receive, send,
 * callback) and a keep-alive timer; with a thousand clients those would be four thousand platform threads, so
 * the loops run on the fleet's executor (virtual threads on 21+) and the timers share two scheduler threads.
 */
final class Wakes implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String broker;
    private final String username;
    private final String password;
    private final Shared shared;

    Wakes(String broker, String username, String password, ExecutorService loops) {
        this.broker = broker;
        this.username = username;
        this.password = password;
        this.shared = new Shared(loops);
    }

    static String topic(String deviceId) {
        return "openloa/devices/" + deviceId + "/wake";
    }

    /** The plan version the wake announced, as the edge agent reads it; null when it names none. */
    static Long planVersion(byte[] payload) {
        try {
            Wake wake = JSON.readValue(payload, Wake.class);
            return wake == null || wake.planVersion() == null || wake.planVersion() < 0 ? null : wake.planVersion();
        } catch (RuntimeException notTheProtocols) {
            return null; // any payload wakes
        }
    }

    /** Connects the box's client and subscribes; the box hears of wakes and of a reconnection (poll to catch up). */
    MqttAsyncClient subscribe(Box box) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                broker,
                "openloa-fleet-" + box.deviceId(),
                new MemoryPersistence(),
                new ScheduledExecutorPingSender(shared),
                shared);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                try {
                    client.subscribe(topic(box.deviceId()), 1).waitForCompletion(30_000);
                    box.subscribed();
                } catch (MqttException e) {
                    return;
                }
                if (reconnect) {
                    box.wake("reconnected");
                }
            }

            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                box.wake("mqtt", planVersion(message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(30);
        options.setKeepAliveInterval(60);
        options.setMaxInflight(100);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        client.connect(options).waitForCompletion(60_000);
        return client;
    }

    @Override
    public void close() {
        shared.reallyShutdown();
    }

    /**
     * Paho's executor: its loops ({@code submit}/{@code execute}) go to the fleet's executor, its timers stay on
     * two threads. Paho shuts its executor down when a client closes; this one is shared, so only the fleet does.
     */
    private static final class Shared extends ScheduledThreadPoolExecutor {
        private final ExecutorService loops;

        Shared(ExecutorService loops) {
            super(2, runnable -> {
                Thread thread = new Thread(runnable, "mqtt-timer");
                thread.setDaemon(true);
                return thread;
            });
            this.loops = loops;
        }

        @Override
        public void execute(Runnable command) {
            loops.execute(command);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return loops.submit(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return loops.submit(task);
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        void reallyShutdown() {
            super.shutdownNow();
        }
    }
}
