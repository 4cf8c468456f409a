package org.openloa.media.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.media.Sha256;

/**
 * Against a real S3 server: s3proxy in this JVM, storing on disk, speaking the S3 protocol with SigV4.
 * One store for the class: building a MinioClient takes about a second, and every test uses its own keys.
 */
class S3MediaStoreTest extends MediaStoreContract {

    static final String ACCESS = "openloa";
    static final String SECRET = "openloa-secret-key";

    @TempDir
    static Path s3Data;

    static S3Proxy s3;
    static URI endpoint;

    static MediaStore store;
    static String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(s3Data.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        s3.start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!s3.getState().equals("STARTED") && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        endpoint = URI.create("http://127.0.0.1:" + s3.getPort());
        bucket = "media";
        store = MediaStore.s3(new S3Settings(endpoint, ACCESS, SECRET, bucket));
    }

    @AfterAll
    static void stopS3() throws Exception {
        store.close();
        s3.stop();
    }

    @Override
    MediaStore store() {
        return store;
    }

    @Test
    void theBucketIsCreatedIfMissingAndReusedIfThere() throws IOException {
        String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        MediaKey key = MediaKey.of("a.mp3");
        try (MediaStore first = MediaStore.s3(new S3Settings(endpoint, ACCESS, SECRET, fresh))) {
            first.put(key, new ByteArrayInputStream(bytes(10, 1)));
        }

        try (MediaStore again = MediaStore.s3(new S3Settings(endpoint, ACCESS, SECRET, fresh))) {
            assertThat(again.exists(key)).isTrue();
        }
        assertThat(s3Data.resolve(fresh)).isDirectory();
    }

    @Test
    void aPresignedUrlServesTheObjectAndRangesUntilItExpires() throws Exception {
        byte[] content = bytes(50_000, 2);
        MediaKey key = MediaKey.of("bulletins/b-7/delivery.mp3");
        store.put(key, new ByteArrayInputStream(content));
        HttpClient http = HttpClient.newHttpClient();

        URI url = store.downloadUrl(key, Duration.ofSeconds(2)).orElseThrow();
        Instant signed = signedAt(url); // X-Amz-Date counts whole seconds, so expiry is from there

        HttpResponse<byte[]> whole =
                http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> part = http.send(
                HttpRequest.newBuilder(url).header("Range", "bytes=100-199").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

        // Ask until it is refused, and never before the two seconds are up: the refusal arrives after
        // the server decided, so an early decision would show. No upper bound beyond the loop's: a
        // loaded CI machine may take its time, and that says nothing about the store.
        int status = 200;
        Instant refused = null;
        while (status == 200 && Instant.now().isBefore(signed.plusSeconds(10))) {
            Thread.sleep(200);
            status = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            refused = Instant.now();
        }
        assertThat(status).isEqualTo(403);
        assertThat(refused).isAfterOrEqualTo(signed.plusSeconds(2));
    }

    private static Instant signedAt(URI url) {
        String date = url.getQuery().replaceAll(".*X-Amz-Date=(\\d{8}T\\d{6}Z).*", "$1");
        return java.time.LocalDateTime.parse(date, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(java.time.ZoneOffset.UTC);
    }

    @Test
    void anObjectIsNoFileOnThisMachine() throws IOException {
        MediaKey key = MediaKey.of("c.mp3");
        store.put(key, new ByteArrayInputStream(bytes(100, 6)));

        assertThat(store.file(key)).isEmpty();
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        store.put(MediaKey.of("a.mp3"), new ByteArrayInputStream(bytes(100, 3)));
        store.put(MediaKey.of("b.mp3"), new ByteArrayInputStream(bytes(100, 4)));
        URI url = store.downloadUrl(MediaKey.of("a.mp3"), Duration.ofMinutes(5)).orElseThrow();
        URI other = URI.create(url.toString().replace("/a.mp3?", "/b.mp3?"));

        int status = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();

        assertThat(status).isEqualTo(403);
    }

    @Test
    void anObjectPutByAnotherToolIsHashedOnDemand() throws Exception {
        byte[] content = bytes(20_000, 5);
        try (MinioClient other = MinioClient.builder()
                .endpoint(endpoint.toString())
                .credentials(ACCESS, SECRET)
                .build()) {
            other.putObject(PutObjectArgs.builder().bucket(bucket).object("legacy.mp3").stream(
                            new ByteArrayInputStream(content), (long) content.length, null)
                    .build());
        }
        Path copy = Files.write(work.resolve("legacy.mp3"), content);

        assertThat(store.stat(MediaKey.of("legacy.mp3"))).contains(new BlobStat(20_000, Sha256.of(copy)));
    }
}
