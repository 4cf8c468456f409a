package org.openloa.cms.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wakes over a real mosquitto: a plan change reaches the device's topic, and with the broker stopped the change
 * still commits, the plan a device polls for carries it, and the wake, counted as failed, follows once the broker
 * is back. A server of its own (the broker's address is part of its configuration), closed after the class.
 */
@Tag("mqtt")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WakeOverMqttTest extends ServerTest {

    static final Mosquitto broker = new Mosquitto(Mosquitto.freePort());
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void mqtt(DynamicPropertyRegistry registry) {
        registry.add("openloa.mqtt.url", broker::url);
        registry.add("openloa.mqtt.connect-timeout", () -> "2s");
        registry.add("openloa.mqtt.max-reconnect-delay", () -> "1s");
        // Failed wakes are retried by the plan-notify job: every two seconds here, every minute by default.
        registry.add("openloa.jobs.plan-notify", () -> "PT2S");
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
    MeterRegistry meters;

    @Autowired
    BrokerHealth brokerHealth;

    @Autowired
    MqttWakeUp wakeUp;

    @BeforeEach
    void brokerUpAndConnected() {
        broker.start();
        Await.until("the broker's health UP", Duration.ofSeconds(20), () -> "UP".equals(health()));
    }

    @Test
    void aPlanChangeWakesTheDevicesItReachesOnTheirOwnTopic() throws Exception {
        TestWorld w = world();
        try (WakeSubscriber boxes = new WakeSubscriber(broker.url(), "boxes-" + w.suffix())) {
            String inA = device(w.operatorA(), w.villageAId(), "Loa chợ An");
            String inB = device(w.operatorB(), w.villageBId(), "Loa chợ Bình");
            Await.until("both areas' devices marked pushed", Duration.ofSeconds(20), () -> pushed(inA) && pushed(inB));
            int beforeA = boxes.on(inA).size();
            int beforeB = boxes.on(inB).size();
            double sent = count("sent");
            long versionBefore = version(inA);

            create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(Scheduling.at(1, "07:00"))));

            Await.until(
                    "a wake for area A's box",
                    Duration.ofSeconds(20),
                    () -> boxes.on(inA).size() > beforeA);
            JsonNode wake = JSON.readTree(boxes.on(inA).get(beforeA).payload());
            assertThat(wake.get("reason").asString()).isEqualTo("plan-changed");
            // The version the change committed, which the woken poll sends back (OpenLoa-Plan-Version).
            assertThat(wake.get("planVersion").asLong())
                    .isGreaterThan(versionBefore)
                    .isLessThanOrEqualTo(version(inA));
            Await.until("area A's device marked pushed", Duration.ofSeconds(20), () -> pushed(inA));
            assertThat(boxes.on(inB)).hasSize(beforeB);
            assertThat(count("sent")).isGreaterThan(sent);
        }
    }

    @Test
    void aWaveOfWakesLargerThanTheWindowIsPipelinedAndEveryOneArrives() throws Exception {
        // An emergency to a whole province wakes hundreds of boxes in one call: published without waiting for each
        // acknowledgement, at most WINDOW unacknowledged (Paho refuses more than the connection's max in flight).
        List<UUID> fleet = java.util.stream.IntStream.range(0, MqttWakeUp.WINDOW + 388)
                .mapToObj(i -> UUID.randomUUID())
                .toList();
        try (WakeSubscriber boxes = new WakeSubscriber(broker.url(), "fleet-" + UUID.randomUUID())) {
            double sent = count("sent");

            java.util.Map<UUID, Long> versions = new java.util.LinkedHashMap<>();
            fleet.forEach(device -> versions.put(device, 1L));
            wakeUp.wake(versions, "emergency");

            assertThat(count("sent") - sent).isEqualTo(fleet.size());
            Await.until(
                    "a wake for every box of the fleet",
                    Duration.ofSeconds(30),
                    () -> fleet.stream().allMatch(d -> !boxes.on(d.toString()).isEmpty()));
            assertThat(fleet).allSatisfy(d -> assertThat(boxes.on(d.toString())).hasSize(1));
        }
    }

    @Test
    void withTheBrokerDownAPlanChangeStillCommitsAndTheWakeFollowsWhenItReturns() throws Exception {
        TestWorld w = world();
        String box = "box-" + w.suffix();
        String device = device(w.operatorA(), w.villageAId(), "Loa nhà văn hoá");
        Await.until("the new device's plan marked pushed", Duration.ofSeconds(20), () -> pushed(device));
        // The box's session outlives the broker's restart, so it is sent what was published while it was away.
        new WakeSubscriber(broker.url(), box).close();
        long versionBefore = version(device);
        double failed = count("failed");

        broker.stop();
        Await.until("the broker's health DOWN", Duration.ofSeconds(20), () -> "DOWN".equals(health()));
        String broadcast = create(
                        w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(Scheduling.at(1, "07:00"))))
                .get("id")
                .asString();

        // Committed, and the plan the device fetches at its next poll already carries it: polling needs no broker.
        JsonNode plan = Scheduling.plan(
                w.operatorA(), device, Scheduling.day(1) + "T00:00:00+07:00", Scheduling.day(2) + "T00:00:00+07:00");
        assertThat(plan.get("planVersion").asLong()).isGreaterThan(versionBefore);
        assertThat(plan.get("items").valueStream().map(i -> i.get("broadcastId").asString()))
                .contains(broadcast);
        // The wake fails, is counted, and stays pending for the next run.
        Await.until("a failed send counted", Duration.ofSeconds(20), () -> count("failed") > failed);
        assertThat(pushed(device)).isFalse();

        broker.start();
        try (WakeSubscriber returned = new WakeSubscriber(broker.url(), box)) {
            Await.until(
                    "the wake sent when the broker returned",
                    Duration.ofSeconds(30),
                    () -> !returned.on(device).isEmpty());
            assertThat(JSON.readTree(returned.on(device).get(0).payload())
                            .get("reason")
                            .asString())
                    .isEqualTo("plan-changed");
        }
        Await.until("the device marked pushed after the broker returned", Duration.ofSeconds(20), () -> pushed(device));
    }

    String health() {
        return brokerHealth.health().getStatus().getCode();
    }

    double count(String outcome) {
        return meters.get(MqttWakeUp.METER).tag("outcome", outcome).counter().count();
    }

    /** Whether the device's latest plan version has been pushed (its wake acknowledged by the broker). */
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
