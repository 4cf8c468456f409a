package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An emergency's recording as the raw body of the request, measured while it arrives: on air when the answer
 * comes (or in turn when the server is busy); the order is checked before the body is read, and a refused
 * recording raises nothing and keeps nothing.
 */
@org.junit.jupiter.api.Tag("media")
class StreamedRecordingTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStreamedRecordingIsOnAirAndCanBeReplacedTheSameWay() throws Exception {
        TestWorld w = world();
        String title = "Ghi âm lũ " + w.suffix();

        HttpResponse<String> raised = send(
                "POST",
                "/api/v1/emergencies/stream?title=" + encode(title) + "&areaIds=" + w.communeAId() + "&name="
                        + encode("ghi âm.wav"),
                "opa" + w.suffix(),
                "audio/wav",
                TestAudio.toneWav(3, 0.1));

        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
        assertThat(raised.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode emergency = JSON.readTree(raised.body());
        String id = emergency.get("id").asString();
        assertThat(raised.headers().firstValue("Location").orElse("")).endsWith("/api/v1/emergencies/" + id);
        // On air at once when a processing slot was free; made in turn (PREPARING) when the server was busy.
        assertThat(emergency.get("state").asString()).isIn("ON_AIR", "PREPARING");
        assertThat(emergency.get("contents").get(0).get("kind").asString()).isEqualTo("RECORDING");
        JsonNode onAir = Await.until(
                "the streamed emergency on air",
                Await.PATIENCE,
                () -> w.operatorA().get("/api/v1/emergencies/" + id).json(),
                e -> "ON_AIR".equals(e.get("state").asString()));
        assertThat(onAir.get("broadcastIds")).isNotEmpty();

        HttpResponse<String> replaced = send(
                "PUT",
                "/api/v1/emergencies/" + id + "/content/stream?name=moi.wav",
                "opa" + w.suffix(),
                "audio/wav",
                TestAudio.toneWav(2, 0.1));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        Await.until(
                "the replaced emergency on air with new broadcasts",
                Await.PATIENCE,
                () -> w.operatorA().get("/api/v1/emergencies/" + id).json(),
                e -> "ON_AIR".equals(e.get("state").asString())
                        && !e.get("broadcastIds").equals(onAir.get("broadcastIds")));
    }

    @Test
    void refusedRecordingsAndOrdersRaiseNothingAndKeepNothing() throws Exception {
        TestWorld w = world();
        String title = "Không phát " + w.suffix();
        String query = "/api/v1/emergencies/stream?title=" + encode(title) + "&areaIds=";
        long assets = assets();
        long bulletins = jdbc.queryForObject("select count(*) from bulletin", Long.class);

        HttpResponse<String> notAudio = send(
                "POST",
                query + w.communeAId(),
                "opa" + w.suffix(),
                "audio/mpeg",
                "only words, no audio".repeat(200).getBytes(StandardCharsets.UTF_8));
        assertProblem(notAudio, 415);
        assertThat(JSON.readTree(notAudio.body()).get("code").asString()).startsWith("audio-");

        // The order is checked before a byte of the recording is read: a missing title, another commune.
        HttpResponse<String> noTitle = send(
                "POST",
                "/api/v1/emergencies/stream?areaIds=" + w.communeAId(),
                "opa" + w.suffix(),
                "audio/wav",
                TestAudio.toneWav(1, 0.1));
        assertProblem(noTitle, 400);
        assertThat(noTitle.body()).contains("\"title\"");
        assertProblem(
                send("POST", query + w.communeBId(), "opa" + w.suffix(), "audio/wav", TestAudio.toneWav(1, 0.1)), 404);
        TestWorld.user(admin, "xem" + w.suffix(), "VIEWER", w.communeAId());
        assertProblem(
                send("POST", query + w.communeAId(), "xem" + w.suffix(), "audio/wav", TestAudio.toneWav(1, 0.1)), 403);
        assertProblem(
                send("POST", query + w.communeAId(), "opa" + w.suffix(), "application/json", new byte[] {'{'}), 415);

        assertThat(w.operatorA().get("/api/v1/emergencies?size=200").body()).doesNotContain(title);
        assertThat(assets()).isEqualTo(assets);
        assertThat(jdbc.queryForObject("select count(*) from bulletin", Long.class))
                .isEqualTo(bulletins);
    }

    private long assets() {
        return jdbc.queryForObject("select count(*) from media_asset", Long.class);
    }

    private static void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private HttpResponse<String> send(String method, String path, String username, String type, byte[] body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((username + ":" + TestWorld.PASSWORD)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
