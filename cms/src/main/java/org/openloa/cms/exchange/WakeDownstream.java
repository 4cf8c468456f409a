package org.openloa.cms.exchange;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.openloa.cms.broadcast.BroadcastChanged;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.Playlist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The upstream's side of the wake (docs/exchange.md, "Woken"): once a change to a broadcast of bulletins has
 * committed, one message {@code {"reason":"dispatch"}} goes to {@link UpstreamSettings#WAKE_TOPIC} on this
 * instance's own broker (the one that wakes its boxes, {@code openloa.mqtt.url}); every downstream instance
 * subscribed there pulls at once. The message says nothing of what changed: the pull asks, with its own token,
 * and sees only what is addressed to it. Best effort by design: with no broker, or the broker away, nothing is
 * sent and the downstream's scheduled pull picks the change up.
 */
@Component
class WakeDownstream {

    private static final Logger log = LoggerFactory.getLogger(WakeDownstream.class);
    static final byte[] PAYLOAD = "{\"reason\":\"dispatch\"}".getBytes(StandardCharsets.UTF_8);

    private final ObjectProvider<Mqttv3ClientManager> broker;

    WakeDownstream(ObjectProvider<Mqttv3ClientManager> broker) {
        this.broker = broker;
    }

    /** After the commit, so the pull it causes sees the change. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(BroadcastChanged change) {
        if (!ofBulletins(change.after()) && !ofBulletins(change.before())) {
            return; // streams are not dispatched
        }
        Mqttv3ClientManager manager = broker.getIfAvailable();
        if (manager == null) {
            return;
        }
        try {
            IMqttAsyncClient client = manager.getClient();
            if (client == null || !client.isConnected()) {
                log.debug("No broker connection: downstream instances pull this change on their schedule");
                return;
            }
            MqttMessage message = new MqttMessage(PAYLOAD);
            message.setQos(1);
            message.setRetained(false);
            client.publish(UpstreamSettings.WAKE_TOPIC, message);
        } catch (Exception e) {
            log.debug("Wake of downstream instances not sent ({}): they pull on their schedule", e.toString());
        }
    }

    private static boolean ofBulletins(Broadcast b) {
        return b != null && b.content() instanceof Playlist;
    }
}
