package org.openloa.cms.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Live sessions on the embedded mount (no Icecast), through real HTTP: an encoder (ffmpeg) pushes a tone with
 * the Icecast source protocol, a listener hears that tone from the listen URL, DELETE ends it and cuts the
 * encoder off, and the recording becomes an archived bulletin with audio. Reach and bad input are refused; a
 * session whose source never comes ends by itself.
 */
@TestPropertySource(properties = {"openloa.stream.silence=15s", "openloa.test.context=live"})
class LiveApiTest extends ServerTest {

    @TempDir
    Path dir;

    @Test
    void aToneGoesOutOnTheEmbeddedMountAndIsKeptAsABulletin() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        TestWorld world = world();
        Api.Response started =
                world.operatorA().post("/api/v1/live", Map.of("priority", "PRIORITY", "title", "Họp dân thôn 1"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonNode body = started.json();
        String id = body.path("session").path("id").asString();
        assertThat(body.path("session").path("state").asString()).isEqualTo("WAITING");
        // The issue's contract: {id, state, listenUrl, ingest} at the top, the whole session beside them.
        assertThat(body.path("id").asString()).isEqualTo(id);
        assertThat(body.path("state").asString()).isEqualTo("WAITING");
        assertThat(body.path("listenUrl").asString())
                .isEqualTo(body.path("session").path("listenUrl").asString());
        assertThat(body.path("session").path("areaIds").path(0).asString()).isEqualTo(world.communeAId());
        String ingest = body.path("ingest").path("url").asString();
        String user = body.path("ingest").path("username").asString();
        String password = body.path("ingest").path("password").asString();
        String listen = body.path("session").path("listenUrl").asString();
        assertThat(listen).contains("/live/listen/" + id);

        // A wrong password is turned away as Icecast would.
        HttpResponse<String> wrong = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ingest))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))
                                .header("Content-Type", "audio/mpeg")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString((user + ":not-it").getBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        URI withCredentials = URI.create(ingest.replace("://", "://" + user + ":" + password + "@"));
        Process encoder = LiveEncoder.push(
                ffmpeg, "sine=frequency=1000:duration=600", withCredentials.toString(), dir.resolve("encoder.log"));
        try {
            Await.until(
                    "on air with the first sound",
                    Duration.ofSeconds(20),
                    () -> "ON_AIR"
                            .equals(world.operatorA().get("/api/v1/live/" + id).text("state")));
            JsonNode onAir = world.operatorA().get("/api/v1/live/" + id).json();
            assertThat(onAir.path("broadcastId").asString()).isNotBlank();

            // A box's ears: three seconds from the listen URL hold the 1 kHz tone.
            Path heard = dir.resolve("heard.mp3");
            HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(listen)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
            try (InputStream in = stream.body()) {
                Instant until = Instant.now().plusSeconds(3);
                try (var out = Files.newOutputStream(heard)) {
                    byte[] buffer = new byte[4096];
                    int n;
                    while (Instant.now().isBefore(until) && (n = in.read(buffer)) != -1) {
                        out.write(buffer, 0, n);
                    }
                }
            }
            assertThat(LiveTone.frequency(ffmpeg, heard)).isBetween(950.0, 1050.0);

            // Outside reach: another commune's operator neither sees it nor ends it.
            assertThat(world.operatorB().get("/api/v1/live/" + id).status()).isEqualTo(404);
            assertThat(world.operatorB().delete("/api/v1/live/" + id).status()).isEqualTo(404);

            Api.Response ended = world.operatorA().delete("/api/v1/live/" + id);
            assertThat(ended.status()).as(ended.body()).isEqualTo(200);
            assertThat(ended.text("state")).isEqualTo("ENDED");
            // The encoder is hung up on: its ten-minute tone could only end this way (issue 10).
            Await.until("the encoder cut off when its session ended", Duration.ofSeconds(60), () -> !encoder.isAlive());
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        Await.until(
                "the recording filed as an archived bulletin",
                Duration.ofSeconds(60),
                () -> !world.operatorA()
                                .get("/api/v1/live/" + id)
                                .json()
                                .path("bulletinId")
                                .asString("")
                                .isEmpty()
                        && "ARCHIVED"
                                .equals(world.operatorA()
                                        .get("/api/v1/bulletins/"
                                                + world.operatorA()
                                                        .get("/api/v1/live/" + id)
                                                        .text("bulletinId"))
                                        .text("status")));
        String bulletin = world.operatorA().get("/api/v1/live/" + id).text("bulletinId");
        JsonNode kept = world.operatorA().get("/api/v1/bulletins/" + bulletin).json();
        assertThat(kept.path("title").asString()).isEqualTo("Họp dân thôn 1");
        assertThat(kept.path("audio").path("assetId").asString()).isNotBlank();
        assertThat(kept.path("audio").path("durationMs").asLong()).isGreaterThan(1000);
    }

    @Test
    void aSessionOutsideReachOrWithBadInputIsRefusedAndChangesNothing() {
        TestWorld world = world();
        Api.Response outside = world.operatorA().post("/api/v1/live", Map.of("areaIds", List.of(world.communeBId())));
        assertThat(outside.status()).as(outside.body()).isEqualTo(404);
        assertThat(outside.contentType()).contains("application/problem+json");

        Api.Response priority = world.operatorA().post("/api/v1/live", Map.of("priority", "LOUDEST"));
        assertThat(priority.status()).as(priority.body()).isEqualTo(422);
        assertThat(priority.body()).contains("priority");

        Api.Response title = world.operatorA().post("/api/v1/live", Map.of("title", "x".repeat(301)));
        assertThat(title.status()).as(title.body()).isEqualTo(422);
        assertThat(title.body()).contains("title");

        assertThat(world.operatorA().get("/api/v1/live").json().size())
                .as("nothing was started")
                .isZero();

        // The province admin reaches both communes and may go live in both at once.
        Api.Response both = world.provinceAdmin()
                .post("/api/v1/live", Map.of("areaIds", List.of(world.communeAId(), world.communeBId())));
        assertThat(both.status()).as(both.body()).isEqualTo(201);
        String id = both.json().path("session").path("id").asString();
        // A commune operator sees it (it airs in their commune) but may not end it: it airs beyond their reach.
        assertThat(world.operatorA().get("/api/v1/live/" + id).status()).isEqualTo(200);
        assertThat(world.operatorA().delete("/api/v1/live/" + id).status()).isEqualTo(403);
    }

    @Test
    void aSessionWhoseSourceNeverComesEndsByItself() {
        TestWorld world = world();
        Api.Response started = world.operatorA().post("/api/v1/live", Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().path("session").path("id").asString();
        Await.until(
                "ended after the silence",
                Duration.ofSeconds(90),
                () -> "ENDED".equals(world.operatorA().get("/api/v1/live/" + id).text("state")));
        assertThat(world.operatorA().get("/api/v1/live/" + id).text("endReason"))
                .isEqualTo("no audio");
    }

    /**
     * An encoder left on with its mixer down sends bytes all along, but no sound: the session ends by itself after
     * the silence (15 s here) as if nothing came, and the encoder is hung up on.
     */
    @Test
    void aSessionCarryingDigitalSilenceEndsByItselfAndItsEncoderIsCutOff() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        TestWorld world = world();
        Api.Response started = world.operatorA().post("/api/v1/live", Map.of("title", "Micro tắt tiếng"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonNode body = started.json();
        String id = body.path("session").path("id").asString();
        String ingest = body.path("ingest")
                .path("url")
                .asString()
                .replace(
                        "://",
                        "://" + body.path("ingest").path("username").asString() + ":"
                                + body.path("ingest").path("password").asString() + "@");
        Process encoder =
                LiveEncoder.push(ffmpeg, "anullsrc=r=44100:cl=mono:d=600", ingest, dir.resolve("silent-encoder.log"));
        try {
            Await.until(
                    "on air with the first bytes",
                    Duration.ofSeconds(20),
                    () -> "ON_AIR"
                            .equals(world.operatorA().get("/api/v1/live/" + id).text("state")));
            Await.until(
                    "ended: bytes but no sound",
                    Duration.ofSeconds(60),
                    () -> "ENDED"
                            .equals(world.operatorA().get("/api/v1/live/" + id).text("state")));
            JsonNode ended = world.operatorA().get("/api/v1/live/" + id).json();
            assertThat(ended.path("endReason").asString()).isEqualTo("no audio");
            assertThat(ended.path("bytesIn").asLong())
                    .as("the encoder was sending all along")
                    .isGreaterThan(8000);
            Await.until("the silent encoder cut off", Duration.ofSeconds(60), () -> !encoder.isAlive());
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
