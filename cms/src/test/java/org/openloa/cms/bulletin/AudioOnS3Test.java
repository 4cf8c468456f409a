package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The same upload with the media on an S3 server (S3Proxy in this JVM, the real S3 protocol). */
@Tag("media")
class AudioOnS3Test extends ServerTest {

    static S3Proxy s3;
    static Path s3Data;

    @DynamicPropertySource
    static void s3Store(DynamicPropertyRegistry registry) throws Exception {
        s3Data = Files.createTempDirectory("openloa-s3-");
        s3 = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(s3Data.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "openloa", "openloa-secret-key")
                .build();
        s3.start();
        Await.until("S3Proxy started", Duration.ofSeconds(30), () -> "STARTED".equals(s3.getState()));
        registry.add("openloa.media.store", () -> "s3");
        registry.add("openloa.media.s3.endpoint", () -> "http://127.0.0.1:" + s3.getPort());
        registry.add("openloa.media.s3.access-key", () -> "openloa");
        registry.add("openloa.media.s3.secret-key", () -> "openloa-secret-key");
        registry.add("openloa.media.s3.bucket", () -> "openloa-test");
        registry.add("openloa.media.download-url-expiry", () -> "2s");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.stop();
    }

    @Autowired
    AudioLibrary library;

    @Test
    void anUploadIsStoredInTheBucketAndItsPresignedUrlServesItUntilExpiry() throws Exception {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "s3" + w.suffix(), "EDITOR", w.communeAId());
        String id = editor.post("/api/v1/bulletins", Map.of("title", "Trên S3", "category", "thoi-su"))
                .text("id");
        JsonNode job = BulletinWorkflowTest.uploadAndWait(editor, id, TestAudio.toneWav(2, 0.2), "s3.wav");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode audio = editor.get("/api/v1/bulletins/" + id).json().get("audio");
        Api.Response served = editor.get("/api/v1/bulletins/" + id + "/audio");
        assertThat(served.status()).isEqualTo(200);
        assertThat(Files.walk(s3Data.resolve("openloa-test"))
                        .anyMatch(p -> p.toString().endsWith(".mp3")))
                .isTrue();

        var asset = library.asset(java.util.UUID.fromString(audio.get("assetId").asString()))
                .orElseThrow();
        URI url = library.downloadUrl(asset).orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> fresh =
                http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body().length).isEqualTo(audio.get("sizeBytes").asLong());
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aDeviceManifestPointsAtThePresignedObjectWhichServesTheVerifiedBytesWithoutTheDeviceCredential()
            throws Exception {
        TestWorld w = world();
        String bulletin = Scheduling.approvedBulletin(admin, w.communeAId(), "Phát từ S3", 2.0, "NORMAL");
        Scheduling.create(
                w.operatorA(),
                Scheduling.playing(
                        java.util.List.of(bulletin),
                        java.util.List.of(w.communeAId()),
                        Scheduling.once(Scheduling.at(1, "06:00"))));
        Api.Response device = w.operatorA()
                .post(
                        "/api/v1/devices",
                        Map.of("name", "Loa S3", "areaId", w.communeAId(), "tags", java.util.List.of()));
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        Api.Response enrolled = api.anonymous()
                .post(
                        "/edge/v1/enroll",
                        Map.of(
                                "enrollmentCode",
                                device.text("enrollmentCode"),
                                "hardwareId",
                                "s3-box",
                                "agentVersion",
                                "test"));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);

        Api.Response manifest =
                api.anonymous().get("/edge/v1/manifest", "Authorization", "Bearer " + enrolled.text("credential"));
        assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
        JsonNode media = manifest.json().get("media").get(0);
        URI url = URI.create(media.get("url").asString());
        assertThat(url.getPort()).as("the object store, not cms").isEqualTo(s3.getPort());

        HttpResponse<byte[]> object = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body().length).isEqualTo(media.get("size").asLong());
        assertThat(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(object.body())))
                .isEqualTo(media.get("sha256").asString());
    }
}
