package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.alert.CapSamples.geocodeArea;
import static org.openloa.cms.alert.CapSamples.polygonArea;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * CAP in to the loudspeakers and back out, through the real server: the emergency module airs what the alert
 * module hands it, the manifests of the boxes say so, and the public feeds publish it.
 */
class CapEndToEndTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** CAP wants the seconds always written: OffsetDateTime.toString() leaves out ":00". */
    private static final java.time.format.DateTimeFormatter CAP_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    record Box(String id, Api edge) {}

    @Test
    void anActualAlertWhosePolygonCoversOneOfTwoDevicesAirsOnThatOneOnlyAndACancelTakesItOff() throws Exception {
        TestWorld w = world();
        Box inside = box(w.operatorA(), w.villageAId(), 15.0, 107.0);
        Box outside = box(w.operatorA(), w.villageAId(), 15.5, 107.0);
        CapSamples storm = CapSamples.alert()
                .info(
                        "vi-VN",
                        "Immediate",
                        "Extreme",
                        Instant.now()
                                .plus(Duration.ofHours(3))
                                .atOffset(java.time.ZoneOffset.ofHours(7))
                                .format(CAP_TIME),
                        "Cảnh báo bão " + w.suffix(),
                        polygonArea(15.0, 107.0, 0.1));

        Api.Response aired = AlertApiTest.post(w.operatorA(), storm.xml());

        assertThat(aired.status()).as(aired.body()).isEqualTo(202);
        assertThat(aired.text("state")).isEqualTo("AIRING");
        assertThat(aired.json().get("targetedDevices").asInt()).isEqualTo(1);
        String broadcast = broadcastOf(w.operatorA(), aired.text("id"));
        JsonNode manifest = eventually(inside, m -> hasEmergency(m, broadcast));
        assertThat(hasEmergency(manifest, broadcast)).isTrue();
        assertThat(hasEmergency(outside.edge().get("/edge/v1/manifest").json(), broadcast))
                .isFalse();

        // CAP out: the aired emergency is published and valid
        String emergency = aired.text("emergencyId");
        HttpResponse<String> document = get("/feeds/alerts/" + emergency + ".xml");
        assertThat(document.statusCode()).isEqualTo(200);
        CapDocument published = CapReader.read(document.body().getBytes(StandardCharsets.UTF_8));
        assertThat(published.msgType()).isEqualTo("Alert");
        assertThat(published.infos().get(0).headline()).isEqualTo("Cảnh báo bão " + w.suffix());
        atomValid();

        CapSamples cancel = CapSamples.alert()
                .msgType("Cancel")
                .note("Bão đã suy yếu")
                .references(storm)
                .info("vi-VN", "Past", "Minor", null, "Hủy cảnh báo");
        Api.Response cancelled = AlertApiTest.post(w.operatorA(), cancel.xml());

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.text("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.text("emergencyId")).isEqualTo(emergency);
        eventually(inside, m -> !hasEmergency(m, broadcast) || withdrawn(m, broadcast));
        assertThat(w.operatorA().get("/api/v1/alerts/" + aired.text("id")).text("state"))
                .isEqualTo("STOPPED");
        CapDocument stopped =
                CapReader.read(get("/feeds/alerts/" + emergency + ".xml").body().getBytes(StandardCharsets.UTF_8));
        assertThat(stopped.msgType()).isEqualTo("Cancel");
        atomValid();
    }

    @Test
    void anAlertWhoseEmergencyAnOperatorStopsSaysItWasStopped() throws Exception {
        TestWorld w = world();
        box(w.operatorA(), w.villageAId(), 15.0, 107.0);
        CapSamples flood = CapSamples.alert()
                .info(
                        "vi-VN",
                        "Immediate",
                        "Severe",
                        Instant.now()
                                .plus(Duration.ofHours(3))
                                .atOffset(java.time.ZoneOffset.ofHours(7))
                                .format(CAP_TIME),
                        "Lũ quét " + w.suffix(),
                        polygonArea(15.0, 107.0, 0.1));
        Api.Response aired = AlertApiTest.post(w.operatorA(), flood.xml());
        assertThat(aired.status()).as(aired.body()).isEqualTo(202);
        assertThat(aired.text("state")).isEqualTo("AIRING");
        String emergency = "/api/v1/emergencies/" + aired.text("emergencyId");
        // its text is being spoken (TTS) before it can air
        Await.until(
                "the emergency on air",
                Duration.ofMinutes(2),
                () -> w.operatorA().get(emergency).text("state").equals("ON_AIR"));

        Api.Response stopped = w.operatorA()
                .post(
                        "/api/v1/emergencies/" + aired.text("emergencyId") + "/stop",
                        java.util.Map.of("reason", "nước đã rút"));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);

        JsonNode alert = w.operatorA().get("/api/v1/alerts/" + aired.text("id")).json();
        assertThat(alert.get("state").asString()).isEqualTo("STOPPED");
        CapDocument published = CapReader.read(get("/feeds/alerts/" + aired.text("emergencyId") + ".xml")
                .body()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(published.msgType()).isEqualTo("Cancel");
    }

    @Test
    void aTestAlertAirsNowhereAndACommuneOperatorsReachClipsAProvinceWideAlert() {
        TestWorld w = world();
        Box inA = box(w.operatorA(), w.villageAId(), null, null);
        Box inB = box(w.operatorB(), w.villageBId(), null, null);
        String province = "P" + w.suffix();

        Api.Response test = AlertApiTest.post(
                w.operatorA(),
                CapSamples.alert()
                        .status("Test")
                        .info("vi", "Immediate", "Extreme", null, "Thử", geocodeArea(province))
                        .xml());
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        assertThat(test.text("state")).isEqualTo("STORED");
        assertThat(test.json().get("broadcastIds").size()).isZero();

        Api.Response clipped = AlertApiTest.post(
                w.operatorA(),
                CapSamples.alert()
                        .info("vi", "Immediate", "Extreme", null, "Lũ toàn tỉnh", geocodeArea(province))
                        .xml());
        assertThat(clipped.status()).as(clipped.body()).isEqualTo(202);
        assertThat(clipped.json().get("targetAreaIds").get(0).asString()).isEqualTo(w.communeAId());
        assertThat(clipped.json().get("targetedDevices").asInt()).isEqualTo(1);
        String broadcast = broadcastOf(w.operatorA(), clipped.text("id"));
        eventually(inA, m -> hasEmergency(m, broadcast));
        assertThat(hasEmergency(inB.edge().get("/edge/v1/manifest").json(), broadcast))
                .isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private Box box(Api operator, String areaId, Double lat, Double lon) {
        Map<String, Object> body =
                new java.util.HashMap<>(Map.of("name", "Loa " + UUID.randomUUID(), "areaId", areaId));
        if (lat != null) {
            body.put("lat", lat);
            body.put("lon", lon);
        }
        EnrolledDevice device = EnrolledDevice.enrol(operator, body, api);
        return new Box(device.id(), device.edge(api));
    }

    /** The first broadcast of the alert's emergency, once its speech is made (the API answers at once). */
    private static String broadcastOf(Api caller, String alertId) {
        return Await.until(
                        "the alert's emergency on air",
                        Await.PATIENCE,
                        () -> caller.get("/api/v1/alerts/" + alertId).json(),
                        alert -> alert.get("broadcastIds").size() > 0)
                .get("broadcastIds")
                .get(0)
                .asString();
    }

    private static boolean hasEmergency(JsonNode manifest, String broadcast) {
        for (JsonNode item : manifest.get("items")) {
            if (item.toString().contains(broadcast)
                    && item.get("priority").asString().equals("EMERGENCY")) {
                return true;
            }
        }
        return false;
    }

    private static boolean withdrawn(JsonNode manifest, String broadcast) {
        return manifest.has("withdrawn") && manifest.get("withdrawn").toString().contains(broadcast);
    }

    /** Polls the manifest as a box would until it says what is expected (the condition, not a time, is asserted). */
    private static JsonNode eventually(Box box, Predicate<JsonNode> expected) {
        return Await.until(
                "the manifest to say so",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest").json(),
                expected);
    }

    private void atomValid() throws Exception {
        HttpResponse<String> atom = get("/feeds/alerts.atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        NodeList alerts = CapWriterTest.parse(atom.body()).getElementsByTagNameNS(CapWriter.CAP, "alert");
        assertThat(alerts.getLength()).isGreaterThan(0);
        for (int i = 0; i < alerts.getLength(); i++) {
            CapReader.validate(CapWriterTest.serialise((Element) alerts.item(i)));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
