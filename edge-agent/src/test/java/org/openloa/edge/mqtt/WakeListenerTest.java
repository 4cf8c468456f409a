package org.openloa.edge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.Mosquitto;
import org.openloa.testing.Await;

/** Wake-ups through a real mosquitto broker. */
class WakeListenerTest {

    @TempDir
    Path dir;

    @Test
    void aWakeOnTheDevicesTopicMakesItPollAndOtherDevicesWakesDoNot() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        try (Mosquitto broker = Mosquitto.start(Mosquitto.freePort(), dir.resolve("mosquitto.log"));
                WakeListener listener =
                        new WakeListener(broker.url(), "d-1", null, null, (Long version) -> wakes.incrementAndGet())) {
            listener.start();
            Await.until("subscribed", Duration.ofSeconds(10), listener::listening);

            broker.publish("openloa/devices/d-2/wake", "{\"reason\":\"plan changed\"}");
            broker.publish(WakeListener.topic("d-1"), "{\"reason\":\"emergency\"}");

            Await.until("a wake", Duration.ofSeconds(10), () -> wakes.get() >= 1);
            assertThat(wakes.get()).isEqualTo(1);
        }
    }

    @Test
    void aBrokerThatComesUpLaterIsReachedWithoutRestartingTheAgent() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        int port = Mosquitto.freePort();
        try (WakeListener listener = new WakeListener(
                java.net.URI.create("tcp://127.0.0.1:" + port),
                "d-1",
                null,
                null,
                (Long version) -> wakes.incrementAndGet())) {
            listener.start();
            try (Mosquitto broker = Mosquitto.start(port, dir.resolve("mosquitto.log"))) {
                Await.until("subscribed once the broker is up", Duration.ofSeconds(20), listener::listening);

                broker.publish(WakeListener.topic("d-1"), "wake up");

                Await.until("a wake", Duration.ofSeconds(10), () -> wakes.get() >= 1);
            }
        }
    }

    @Test
    void theWakesPlanVersionIsHandedOnAndAPayloadWithoutOneGivesNone() throws Exception {
        java.util.List<Long> versions = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Mosquitto broker = Mosquitto.start(Mosquitto.freePort(), dir.resolve("mosquitto.log"));
                WakeListener listener = new WakeListener(
                        broker.url(),
                        "d-1",
                        null,
                        null,
                        (Long version) -> versions.add(version == null ? -1 : version))) {
            listener.start();
            Await.until("subscribed", Duration.ofSeconds(10), listener::listening);

            broker.publish(WakeListener.topic("d-1"), "{\"reason\":\"plan-changed\",\"planVersion\":42}");
            Await.until("the first wake", Duration.ofSeconds(10), () -> versions.size() >= 1);
            broker.publish(WakeListener.topic("d-1"), "{\"reason\":\"plan-changed\",\"planVersion\":-3}");
            Await.until("the second wake", Duration.ofSeconds(10), () -> versions.size() >= 2);
            broker.publish(WakeListener.topic("d-1"), "poll!");
            Await.until("the third wake", Duration.ofSeconds(10), () -> versions.size() >= 3);

            assertThat(versions).containsExactly(42L, -1L, -1L);
        }
    }

    @Test
    void anyPayloadWakesAndAJsonOneGivesItsReason() {
        assertThat(WakeListener.wake("{\"reason\":\"emergency\"}".getBytes(StandardCharsets.UTF_8))
                        .reason())
                .isEqualTo("emergency");
        assertThat(WakeListener.wake("poll!".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo("poll!");
        assertThat(WakeListener.wake(new byte[0]).reason()).isNull();
    }
}
