package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.alert.CapSamples.geocodeArea;
import static org.openloa.cms.alert.CapSamples.polygonArea;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.alert.feed.CapFeeds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/** CAP in through POST /api/v1/alerts and a polled feed, and CAP out on the public feeds, over real HTTP. */
class AlertApiTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CapFeeds feeds;

    @Test
    void aTestAlertIsStoredButNeverAiredAndTheSameAlertAgainIsTheStoredOne() {
        TestWorld w = world();
        device(w.operatorA(), w.villageAId(), "Loa chợ", 16.5, 108.5);
        CapSamples cap = CapSamples.alert()
                .status("Test")
                .info("vi-VN", "Immediate", "Extreme", null, "Diễn tập cảnh báo bão", geocodeArea(villageA(w)));

        Api.Response first = post(w.operatorA(), cap.xml());
        Api.Response again = post(w.operatorA(), cap.xml());

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/alerts/" + first.text("id"));
        assertThat(first.text("state")).isEqualTo("STORED");
        assertThat(first.text("status")).isEqualTo("Test");
        assertThat(first.text("msgType")).isEqualTo("Alert");
        assertThat(first.json().get("targetedDevices").asInt()).isEqualTo(1);
        assertThat(first.json().get("broadcastIds").size()).isZero();
        assertThat(first.json().has("emergencyId")).isFalse();
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(count(cap.identifier())).isEqualTo(1);
        JsonNode listed = w.operatorA().get("/api/v1/alerts").json();
        assertThat(listed.findValuesAsString("id")).contains(first.text("id"));
    }

    @Test
    void theSameAlertPostedAtOnceFromSeveralClientsIsStoredOnce() throws Exception {
        TestWorld w = world();
        String xml = CapSamples.alert()
                .status("Test")
                .info("vi", "Future", "Minor", null, "Thử", geocodeArea(villageA(w)))
                .xml();
        List<java.util.concurrent.Callable<Api.Response>> posts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(() -> post(w.operatorA(), xml));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<String> ids = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Api.Response> answer : pool.invokeAll(posts)) {
                Api.Response response = answer.get();
                assertThat(response.status()).as(response.body()).isIn(200, 202);
                ids.add(response.text("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(CapReader.read(xml.getBytes(StandardCharsets.UTF_8)).identifier()))
                .isEqualTo(1);
    }

    @Test
    void aDocumentThatIsNotCap12Is400NamingTheElementAndNothingIsStored() {
        TestWorld w = world();
        CapSamples cap = CapSamples.alert().info("vi", "Soon", "Extreme", null, "Bão", geocodeArea(villageA(w)));

        Api.Response refused = post(w.operatorA(), cap.xml());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("cap-invalid");
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("/alert/info[1]/urgency[1]");
        assertThat(refused.text("detail")).contains("/alert/info[1]/urgency[1]").contains("Soon");
        assertThat(count(cap.identifier())).isZero();
    }

    @Test
    void anExternalEntityIsRefusedAndNothingIsStored() {
        TestWorld w = world();
        CapSamples cap = CapSamples.alert()
                .sender("&x;")
                .info("vi", "Immediate", "Extreme", null, "Bão", geocodeArea(villageA(w)));
        String xml = cap.xml()
                .replace(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>");

        Api.Response refused = post(w.operatorA(), xml);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).containsIgnoringCase("DOCTYPE");
        assertThat(count(cap.identifier())).isZero();
    }

    @Test
    void onlyOperatorsAndAdminsPostAlertsAndOnlyInTheirReach() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        String xml = CapSamples.alert()
                .status("Exercise")
                .info("vi", "Future", "Minor", null, "x", geocodeArea(villageA(w)))
                .xml();

        assertThat(post(editor, xml).status()).isEqualTo(403);
        assertThat(post(api.anonymous(), xml).status()).isEqualTo(401);
        Api.Response stored = post(w.operatorA(), xml);
        assertThat(stored.status()).isEqualTo(202);
        assertThat(w.operatorB().get("/api/v1/alerts/" + stored.text("id")).status())
                .isEqualTo(404);
        assertThat(w.operatorB().get("/api/v1/alerts").json().findValuesAsString("id"))
                .doesNotContain(stored.text("id"));
        assertThat(w.provinceAdmin().get("/api/v1/alerts/" + stored.text("id")).status())
                .isEqualTo(200);
    }

    @Test
    void anActualAlertWhosePolygonCoversOnlyAnotherCommuneIs422AndNothingIsStored() {
        TestWorld w = world();
        device(w.operatorA(), w.villageAId(), "Loa A", 10.0, 105.0);
        device(w.operatorB(), w.villageBId(), "Loa B", 20.0, 106.0);
        CapSamples cap =
                CapSamples.alert().info("vi", "Immediate", "Extreme", null, "Lũ quét", polygonArea(20.0, 106.0, 0.05));

        Api.Response refused = post(w.operatorA(), cap.xml());

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("alert-outside-reach");
        assertThat(count(cap.identifier())).isZero();
    }

    @Test
    void polygonsSelectTheDevicesStandingInsideClippedToTheCallersReach() {
        TestWorld w = world();
        String insideA = device(w.provinceAdmin(), w.villageAId(), "Loa A trong vùng", 15.0, 107.0);
        device(w.provinceAdmin(), w.villageAId(), "Loa A ngoài vùng", 15.5, 107.0);
        device(w.provinceAdmin(), w.villageAId(), "Loa A không tọa độ", null, null);
        String insideB = device(w.provinceAdmin(), w.villageBId(), "Loa B trong vùng", 15.01, 107.01);
        String xml = CapSamples.alert()
                .status("Exercise")
                .info("vi", "Immediate", "Extreme", null, "Diễn tập", polygonArea(15.0, 107.0, 0.1))
                .xml();

        Api.Response byCommune = post(w.operatorA(), xml);

        assertThat(byCommune.status()).as(byCommune.body()).isEqualTo(202);
        assertThat(byCommune.json().get("targetDeviceIds").findValuesAsString(""))
                .isEmpty();
        assertThat(byCommune.json().get("targetDeviceIds").get(0).asString()).isEqualTo(insideA);
        assertThat(byCommune.json().get("targetDeviceIds").size()).isEqualTo(1);
        assertThat(byCommune.json().get("targetedDevices").asInt()).isEqualTo(1);
        assertThat(insideB).isNotBlank();
    }

    @Test
    void theFeedsArePublicValidAndAnUnknownAlertIs404() throws Exception {
        HttpResponse<String> atom = get("/feeds/alerts.atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(atom.headers().firstValue("Set-Cookie")).isEmpty();
        Document feed = CapWriterTest.parse(atom.body());
        assertThat(feed.getDocumentElement().getLocalName()).isEqualTo("feed");
        NodeList alerts = feed.getElementsByTagNameNS(CapWriter.CAP, "alert");
        for (int i = 0; i < alerts.getLength(); i++) {
            CapReader.validate(CapWriterTest.serialise((Element) alerts.item(i)));
        }

        HttpResponse<String> unknown = get("/feeds/alerts/" + UUID.randomUUID() + ".xml");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/feeds/alerts.atom"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isIn(403, 405);
    }

    @Test
    void aPolledAtomFeedBringsItsLinkedAndInlineAlertsOnceAsTheUserItNames() throws Exception {
        TestWorld w = world();
        String feedUser = "feed" + w.suffix();
        TestWorld.user(admin, feedUser, "OPERATOR", w.provinceId());
        CapSamples linked = CapSamples.alert()
                .status("Exercise")
                .info("vi", "Expected", "Severe", null, "Diễn tập lũ", geocodeArea(villageA(w)));
        CapSamples inline = CapSamples.alert()
                .status("Test")
                .info("vi", "Future", "Minor", null, "Thử", geocodeArea("P" + w.suffix() + "-B"));
        String invalid =
                CapSamples.alert().info("vi", "Nope", "Minor", null, "x").xml();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String atom = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<id>urn:test</id><title>KTTV</title><updated>2026-12-04T09:00:00+07:00</updated>"
                + "<entry><id>urn:1</id><title>a</title><updated>2026-12-04T09:00:00+07:00</updated>"
                + "<link rel=\"alternate\" type=\"application/cap+xml\" href=\"cap/1.xml\"/></entry>"
                + "<entry><id>urn:2</id><title>b</title><updated>2026-12-04T09:00:00+07:00</updated>"
                + "<content type=\"application/cap+xml\">"
                + inline.xml().substring(inline.xml().indexOf("<alert"))
                + "</content></entry>"
                + "<entry><id>urn:3</id><title>c</title><updated>2026-12-04T09:00:00+07:00</updated>"
                + "<link href=\"cap/bad.xml\"/></entry></feed>";
        serve(upstream, "/feed.atom", atom);
        serve(upstream, "/cap/1.xml", linked.xml());
        serve(upstream, "/cap/bad.xml", invalid);
        upstream.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/feed.atom");
            org.openloa.cms.alert.CapProperties.Feed feed =
                    new org.openloa.cms.alert.CapProperties.Feed(url, Duration.ofMinutes(1), feedUser);

            assertThat(feeds.poll(feed)).isEqualTo(2);
            assertThat(feeds.poll(feed)).isZero();
        } finally {
            upstream.stop(0);
        }

        List<String> identifiers =
                w.provinceAdmin().get("/api/v1/alerts").json().findValuesAsString("identifier");
        assertThat(identifiers).contains(linked.identifier(), inline.identifier());
        assertThat(count(linked.identifier())).isEqualTo(1);
        JsonNode stored = w.provinceAdmin().get("/api/v1/alerts").json();
        for (JsonNode alert : stored) {
            if (alert.get("identifier").asString().equals(linked.identifier())) {
                assertThat(alert.get("postedBy").asString()).isEqualTo(feedUser);
                assertThat(alert.get("targetAreaIds").get(0).asString()).isEqualTo(w.villageAId());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static Api.Response post(Api caller, String xml) {
        return caller.postXml("/api/v1/alerts", xml);
    }

    private static String villageA(TestWorld w) {
        return "P" + w.suffix() + "-A1";
    }

    static String device(Api caller, String areaId, String name, Double lat, Double lon) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "areaId", areaId));
        if (lat != null) {
            body.put("lat", lat);
            body.put("lon", lon);
        }
        Api.Response created = caller.post("/api/v1/devices", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private int count(String identifier) {
        return jdbc.queryForObject("select count(*) from cap_alert where identifier = ?", Integer.class, identifier);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void serve(HttpServer server, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
