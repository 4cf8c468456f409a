package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.cms.push.Mosquitto;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Woken when ready, over a real mosquitto: when a plan change reaches boxes this node was serving from memory, each
 * box's wake arrives once its new manifest is built and held here, so the box it wakes is answered from memory
 * instead of building its own against the database with the rest of the fleet (docs/emergency.md, "Time to air").
 * Woken at the commit, as before, the wakes of a commune's boxes left while the warmer was still building their
 * manifests. A server of its own (the broker's address is part of its configuration), closed after the class.
 */
@Tag("mqtt")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WakeWhenReadyTest extends ServerTest {

    static final Mosquitto broker = new Mosquitto(Mosquitto.freePort());
    static final int BOXES = 24;

    @DynamicPropertySource
    static void mqtt(DynamicPropertyRegistry registry) {
        registry.add("openloa.mqtt.url", broker::url);
        registry.add("openloa.mqtt.connect-timeout", () -> "5s");
    }

    @BeforeAll
    static void startBroker() {
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ManifestIndex index;

    @Autowired
    ManifestWarmer warmer;

    @Test
    void aWokenBoxFindsItsNewManifestAlreadyBuiltInMemory() throws Exception {
        TestWorld w = world();
        List<String> boxes = new ArrayList<>();
        Map<String, Long> versionBefore = new ConcurrentHashMap<>();
        for (int i = 0; i < BOXES; i++) {
            String box = box(w.operatorA(), w.villageAId());
            boxes.add(box);
        }
        Await.until(
                "every box marked pushed",
                Duration.ofSeconds(30),
                () -> boxes.stream().allMatch(this::pushed));
        // Held in memory (a late change of the enrolment is rebuilt by the warmer too), at its current version.
        Await.until(
                "every box's manifest in memory",
                Duration.ofSeconds(30),
                () -> boxes.stream().allMatch(box -> index.of(UUID.fromString(box)) != null));
        for (String box : boxes) {
            versionBefore.put(box, version(box));
        }
        // At the instant each wake arrives: does this node hold the box's manifest of the new version?
        Map<String, Boolean> readyWhenWoken = new ConcurrentHashMap<>();
        MqttClient boxesListening = new MqttClient(broker.url(), "boxes-" + w.suffix(), new MemoryPersistence());
        boxesListening.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String device = topic.split("/")[2];
                Long before = versionBefore.get(device);
                if (before == null) {
                    return;
                }
                CachedManifest held = index.of(UUID.fromString(device));
                readyWhenWoken.putIfAbsent(device, held != null && held.version() > before);
            }

            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        boxesListening.connect();
        try {
            boxesListening.subscribe("openloa/devices/+/wake", 1);
            long builtBefore = warmer.built.sum();

            create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(Scheduling.at(1, "07:00"))));

            Await.until(
                    "every box woken with its manifest ready",
                    Duration.ofSeconds(30),
                    () -> readyWhenWoken.keySet().containsAll(boxes));
            assertThat(readyWhenWoken)
                    .as("every wake found its box's new manifest in memory")
                    .allSatisfy((device, ready) -> assertThat(ready).as(device).isTrue());
            assertThat(warmer.built.sum() - builtBefore).isGreaterThanOrEqualTo(BOXES);
            assertThat(boxes)
                    .allSatisfy(box ->
                            assertThat(warmer.warming(UUID.fromString(box))).isFalse());
        } finally {
            boxesListening.disconnect();
            boxesListening.close();
        }
    }

    /** A box enrolled in the area that has fetched its manifest once (so this node serves it from memory). */
    private String box(Api operator, String areaId) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, areaId, api);
        assertThat(device.edge(api).get("/edge/v1/manifest").status()).isEqualTo(200);
        return device.id();
    }

    boolean pushed(String device) {
        return jdbc.queryForObject(
                        "select count(*) from device_plan where device_id = ? and notified_version >= version",
                        Integer.class,
                        UUID.fromString(device))
                == 1;
    }

    long version(String device) {
        return jdbc.queryForObject(
                "select version from device_plan where device_id = ?", Long.class, UUID.fromString(device));
    }
}
