package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming upload: the file as the raw request body, measured while it arrives; the answer comes once the
 * audio is the bulletin's, and an upload that is refused or cut off midway leaves nothing behind.
 */
@org.junit.jupiter.api.Tag("media")
class StreamedUploadTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Where cms keeps the scratch files of audio work (openloa.data-dir of ServerTest, then work/<node>/). */
    private static final Path WORK = Path.of("target/test-data/work");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theAnswerComesWithTheAudioAlreadyTheBulletins() throws Exception {
        Fixture f = fixture();

        HttpResponse<String> answer = put(f, "audio/wav", TestAudio.toneWav(5, 0.1));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode job = JSON.readTree(answer.body());
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(answer.headers().firstValue("Location").orElse(""))
                .isEqualTo("/api/v1/jobs/" + job.get("id").asString());
        assertThat(f.editor()
                        .get("/api/v1/jobs/" + job.get("id").asString())
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("SUCCEEDED");
        JsonNode audio =
                f.editor().get("/api/v1/bulletins/" + f.bulletinId()).json().get("audio");
        assertThat(audio.get("mimeType").asString()).isEqualTo("audio/mpeg");
        assertThat(audio.get("durationMs").asLong()).isBetween(4_500L, 5_600L);
        assertThat(audio.get("loudnessLufs").asDouble()).isBetween(-16.5, -15.5);
        assertThat(audio.get("originalFilename").asString()).isEqualTo("tin sáng.wav");
    }

    @Test
    void whatIsNotAudioIsRefusedAndNothingIsKept() throws Exception {
        Fixture f = fixture();
        long assets = assets();

        HttpResponse<String> refused =
                put(f, "audio/mpeg", "no audio here, only words".repeat(100).getBytes(StandardCharsets.UTF_8));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("code").asString()).startsWith("audio-");
        assertNothingKept(f, assets);
    }

    @Test
    void aBodyThatIsNotAFileIsRefused() throws Exception {
        Fixture f = fixture();

        HttpResponse<String> refused = put(f, "application/json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aReaderOfTheAreaMayNotUpload() throws Exception {
        Fixture f = fixture();
        TestWorld.user(admin, "nghe" + f.suffix(), "VIEWER", f.areaId());

        HttpResponse<String> refused = put("nghe" + f.suffix(), f.bulletinId(), "audio/wav", TestAudio.toneWav(1, 0.1));

        assertThat(refused.statusCode()).as(refused.body()).isIn(403, 404);
        assertNothingKept(f, assets());
    }

    /** The client goes away halfway through: its ffmpeg is stopped, and no file, blob or asset stays. */
    @Test
    void anUploadCutOffMidwayLeavesNothing() throws Exception {
        Fixture f = fixture();
        long assets = assets();
        byte[] wav = TestAudio.toneWav(60, 0.1);
        String head = "PUT /api/v1/bulletins/" + f.bulletinId() + "/audio/stream?name=dut.wav HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: " + basic(f.username()) + "\r\n"
                + "Content-Type: audio/wav\r\n"
                + "Content-Length: " + wav.length + "\r\n\r\n";

        try (Socket socket = new Socket("localhost", URI.create(baseUrl()).getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(wav, 0, wav.length / 2);
            out.flush();
            // The server is receiving: its scratch file of this upload is there and growing.
            Await.until("the upload's scratch file", () -> !receiving().isEmpty());
            socket.setSoLinger(true, 0); // a reset, as from a phone that lost its network
        }

        Await.until("the scratch files removed", () -> receiving().isEmpty());
        Await.until(
                "the first pass's ffmpeg stopped",
                () -> ProcessHandle.current()
                        .descendants()
                        .noneMatch(p -> String.join(" ", p.info().arguments().orElse(new String[0]))
                                .contains("ebur128=peak=sample")));
        assertNothingKept(f, assets);
    }

    private void assertNothingKept(Fixture f, long assetsBefore) {
        assertThat(assets()).isEqualTo(assetsBefore);
        assertThat(f.editor()
                        .get("/api/v1/bulletins/" + f.bulletinId())
                        .json()
                        .get("audio")
                        .isNull())
                .isTrue();
    }

    private long assets() {
        return jdbc.queryForObject("select count(*) from media_asset", Long.class);
    }

    /** The scratch folders of streamed uploads now in progress on this server. */
    private static List<Path> receiving() {
        if (!Files.isDirectory(WORK)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(WORK, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith("stream-"))
                    .toList();
        } catch (IOException e) {
            return List.of(); // a folder removed while walking: look again
        }
    }

    private record Fixture(Api editor, String username, String bulletinId, String suffix, String areaId) {}

    private Fixture fixture() {
        TestWorld w = world();
        String username = "str" + w.suffix();
        Api editor = TestWorld.user(admin, username, "EDITOR", w.communeAId());
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of(
                        "title",
                        "Bản tin tải lên",
                        "category",
                        "thong-bao-ubnd",
                        "body",
                        "Nội dung",
                        "priority",
                        "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Fixture(editor, username, created.text("id"), w.suffix(), w.communeAId());
    }

    private HttpResponse<String> put(Fixture f, String contentType, byte[] body) throws Exception {
        return put(f.username(), f.bulletinId(), contentType, body);
    }

    private HttpResponse<String> put(String username, String bulletinId, String contentType, byte[] body)
            throws Exception {
        return put(baseUrl(), username, bulletinId, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** PUT a raw body to the streaming upload, as a user of TestWorld. */
    static HttpResponse<String> put(
            String baseUrl, String username, String bulletinId, String contentType, HttpRequest.BodyPublisher body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                baseUrl + "/api/v1/bulletins/" + bulletinId + "/audio/stream?name=tin%20s%C3%A1ng.wav"))
                        .header("Authorization", basic(username))
                        .header("Content-Type", contentType)
                        .PUT(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String username) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((username + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
