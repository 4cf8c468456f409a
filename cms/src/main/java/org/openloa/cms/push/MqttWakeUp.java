package org.openloa.cms.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.openloa.cms.device.DeviceWakeUp;
import org.openloa.cms.edge.ready.ManifestReadiness;
import org.openloa.protocol.Wake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Primary;
import org.springframework.integration.mqtt.core.Mqttv3ClientManager;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wakes devices by publishing {@code {"reason": …, "planVersion": …}} to {@code openloa/devices/{id}/wake} (QoS 1, not retained).
 *
 * <p>Pipelined: every wake of a call is handed to the connection without waiting for the broker's PUBACK of the
 * one before, up to {@link #WINDOW} unacknowledged at a time, and the call returns once all are acknowledged. One
 * at a time, each waiting for its acknowledgement, 1,000 wakes took 7.9 s on a loaded machine (docs/benchmarks.md,
 * "Emergency: time to air"): the last box heard of an emergency seconds after the first.
 *
 * <p>With the broker down the connection manager has no connection, so the first publish fails at once (no
 * connect attempt is made here: the manager reconnects in the background). The wake is then abandoned for this
 * call: every message not yet acknowledged is counted as failed and an exception tells the caller (the
 * plan-notify job) to try again at its next run, so a device with a long poll interval still hears of the change
 * soon after the broker returns. Nothing that matters is lost meanwhile: a wake carries no plan, and every device
 * fetches its plan by polling whether or not it was woken.
 *
 * <p>Woken when ready: a device whose new manifest this node is building (edge's warmer, right after the commit)
 * is woken once it is built, in waves, at most {@link #HOLD} after the call; the rest at once. Woken at the commit,
 * the boxes raced the warmer and 1,000 of them built their own manifests against the database at the same instant
 * (docs/emergency.md, "Time to air").
 */
@Component
@Primary
@Conditional(BrokerConfigured.class)
class MqttWakeUp implements DeviceWakeUp {

    private static final Logger log = LoggerFactory.getLogger(MqttWakeUp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String METER = "openloa.wake.messages";
    /**
     * Wakes in flight (published, not yet acknowledged) per call; half of the connection's
     * {@link MqttConfiguration#MAX_INFLIGHT}, so two calls at once still fit.
     */
    static final int WINDOW = MqttConfiguration.MAX_INFLIGHT / 2;
    /**
     * The longest a wake waits for its device's manifest to be built here; after that the box builds its own. A
     * quiet 2-core machine builds a few hundred manifests a second, so 1,000 devices are ready well within it.
     */
    static final Duration HOLD = Duration.ofSeconds(3);

    private final Mqttv3ClientManager connection;
    private final MqttProperties mqtt;
    private final Counter sent;
    private final Counter failed;
    /** Only the change from working to failing is worth a warning; a broker down for hours would flood the log. */
    private final AtomicBoolean failing = new AtomicBoolean();

    private final ObjectProvider<ManifestReadiness> readiness;

    MqttWakeUp(
            Mqttv3ClientManager connection,
            MqttProperties mqtt,
            MeterRegistry meters,
            ObjectProvider<ManifestReadiness> readiness) {
        this.connection = connection;
        this.readiness = readiness;
        this.mqtt = mqtt;
        this.sent = counter(meters, "sent", "Wake messages the broker acknowledged");
        this.failed = counter(meters, "failed", "Wake messages not sent (broker unreachable or not acknowledging)");
    }

    @Override
    public void wake(Map<UUID, Long> planVersions, String reason) {
        if (planVersions.isEmpty()) {
            return;
        }
        Collection<UUID> deviceIds = planVersions.keySet();
        long timeout = mqtt.connectTimeout().toMillis();
        Deque<IMqttDeliveryToken> inFlight = new ArrayDeque<>();
        int[] acked = {0};
        long[] waitedNanos = {0};
        try {
            IMqttAsyncClient client = connection.getClient();
            if (client == null || !client.isConnected()) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            // Each wave is handed to the connection without waiting for its acknowledgements: the next wave
            // does not wait for the broker, only the window does.
            long began = System.nanoTime();
            readiness.getIfAvailable(() -> ManifestReadiness.NOW).inWaves(deviceIds, HOLD, wave -> {
                if (log.isDebugEnabled()) {
                    log.debug(
                            "A wave of {} wake(s), {} ms into the call, {} unacknowledged",
                            wave.size(),
                            (System.nanoTime() - began) / 1_000_000,
                            inFlight.size());
                }
                try {
                    for (UUID device : wave) {
                        if (inFlight.size() >= WINDOW) {
                            long waiting = System.nanoTime();
                            inFlight.removeFirst().waitForCompletion(timeout);
                            waitedNanos[0] += System.nanoTime() - waiting;
                            acked[0]++;
                        }
                        MqttMessage message =
                                new MqttMessage(JSON.writeValueAsString(new Wake(reason, planVersions.get(device)))
                                        .getBytes(StandardCharsets.UTF_8));
                        message.setQos(MqttConfiguration.QOS);
                        message.setRetained(MqttConfiguration.RETAINED);
                        inFlight.addLast(client.publish(mqtt.wakeTopic(device), message));
                    }
                } catch (MqttException e) {
                    throw new WaveFailed(e);
                }
            });
            // The tokens complete in any order; waiting on each in turn ends when the last has.
            while (!inFlight.isEmpty()) {
                inFlight.removeFirst().waitForCompletion(timeout);
                acked[0]++;
            }
        } catch (MqttException | RuntimeException failure) {
            Throwable e = failure instanceof WaveFailed wave ? wave.getCause() : failure;
            int notSent = deviceIds.size() - acked[0];
            sent.increment(acked[0]);
            failed.increment(notSent);
            String cause = rootMessage(e);
            if (failing.compareAndSet(false, true)) {
                log.warn(
                        "MQTT broker {} unavailable ({}): {} wake(s) not sent; devices still get every change"
                                + " at their next poll, and the wake is retried",
                        mqtt.safeUrl(),
                        cause,
                        notSent);
            } else {
                log.debug("MQTT broker still unavailable ({}): {} wake(s) not sent", cause, notSent);
            }
            throw new WakeNotSent(notSent, deviceIds.size(), cause, e);
        }
        sent.increment(acked[0]);
        if (failing.compareAndSet(true, false)) {
            log.info("MQTT broker {} reachable again: wakes are being sent", mqtt.safeUrl());
        }
        log.debug(
                "Woke {} device(s): {}; the waves waited {} ms for acknowledgements",
                acked[0],
                reason,
                waitedNanos[0] / 1_000_000);
    }

    private static Counter counter(MeterRegistry meters, String outcome, String description) {
        return Counter.builder(METER)
                .tag("outcome", outcome)
                .description(description)
                .register(meters);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Some wakes of one call were not sent; the caller tries the whole call again later (a wake twice is harmless). */
    static final class WakeNotSent extends IllegalStateException {

        WakeNotSent(int notSent, int of, String cause, Throwable e) {
            super(notSent + " of " + of + " wake(s) not sent: " + cause, e);
        }
    }

    /** A publish of a wave failed: carried out of the wave to the call's handling above. */
    private static final class WaveFailed extends RuntimeException {

        WaveFailed(MqttException cause) {
            super(cause);
        }
    }
}
