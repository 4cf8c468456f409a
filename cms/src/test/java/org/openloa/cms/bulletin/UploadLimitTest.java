package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An upload over the size limit (lowered here to 64 KB) is a 413 problem+json and leaves the bulletin as it was. */
@TestPropertySource(
        properties = {"spring.servlet.multipart.max-file-size=64KB", "spring.servlet.multipart.max-request-size=80KB"})
class UploadLimitTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anUploadOverTheLimitWithContentLengthIs413() throws Exception {
        Fixture f = fixture();
        HttpResponse<String> refused = send(f, "POST", HttpRequest.BodyPublishers.ofByteArray(f.body()));
        assertRefused(f, refused);
    }

    @Test
    void aChunkedUploadOverTheLimitIs413() throws Exception {
        Fixture f = fixture();
        HttpResponse<String> refused =
                send(f, "PUT", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(f.body())));
        assertRefused(f, refused);
    }

    /** The streaming upload has no container limit in front of it: announced or not, its length is held to the same. */
    @Test
    void aStreamedUploadOverTheLimitIs413AnnouncedOrChunked() throws Exception {
        Fixture f = fixture();
        byte[] wav = TestAudio.toneWav(10, 0.1);

        assertRefused(f, stream(f, HttpRequest.BodyPublishers.ofByteArray(wav)));
        assertRefused(f, stream(f, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wav))));
    }

    @Test
    void aFileWithinTheLimitIsStillAccepted() {
        Fixture f = fixture();
        Api.Response accepted = f.editor()
                .upload(
                        "/api/v1/bulletins/" + f.bulletinId() + "/audio",
                        "file",
                        "ngan.wav",
                        TestAudio.toneWav(0.5, 0.1),
                        "audio/wav");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    private void assertRefused(Fixture f, HttpResponse<String> refused) {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("upload-too-large");
        assertThat(problem.get("detail").asString()).contains("64");
        JsonNode bulletin =
                f.editor().get("/api/v1/bulletins/" + f.bulletinId()).json();
        assertThat(bulletin.get("audio").isNull()).as(bulletin.toString()).isTrue();
    }

    private record Fixture(Api editor, String username, String bulletinId, String boundary, byte[] body) {}

    private Fixture fixture() {
        TestWorld w = world();
        String username = "big" + w.suffix();
        Api editor = TestWorld.user(admin, username, "EDITOR", w.communeAId());
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", "Bản tin dài", "category", "thong-bao-ubnd", "body", "Nội dung", "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String boundary = "----openloa" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dai.wav\"\r\n"
                        + "Content-Type: audio/wav\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(TestAudio.toneWav(10, 0.1));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Fixture(editor, username, created.text("id"), boundary, body.toByteArray());
    }

    private HttpResponse<String> stream(Fixture f, HttpRequest.BodyPublisher body) throws Exception {
        return StreamedUploadTest.put(baseUrl(), f.username(), f.bulletinId(), "audio/wav", body);
    }

    private HttpResponse<String> send(Fixture f, String method, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/bulletins/" + f.bulletinId() + "/audio"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((f.username() + ":" + TestWorld.PASSWORD)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "multipart/form-data; boundary=" + f.boundary())
                        .method(method, body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
