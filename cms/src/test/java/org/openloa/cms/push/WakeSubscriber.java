package org.openloa.cms.push;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho client listening on every device's wake topic (QoS 1), as each box does on its own, collecting what
 * arrives. Its session is persistent (clean session off) under a name of the test's choosing: reconnecting under
 * the same name receives what the broker queued while it was away.
 */
final class WakeSubscriber implements AutoCloseable {

    record Received(String topic, String payload) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WakeSubscriber(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void connectionLost(Throwable cause) {
                // the test reconnects with a new instance under the same name
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // subscribes only
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        client.connect(options);
        client.subscribe("openloa/devices/+/wake", 1);
    }

    List<Received> on(String deviceId) {
        String topic = "openloa/devices/" + deviceId + "/wake";
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
