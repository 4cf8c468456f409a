package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

/**
 * docs/operations.md, "Backup and restore", on PostgreSQL and an S3 store, as an operator runs it: a node on
 * Debian's PostgreSQL and an S3 server (S3Proxy, the real protocol), a box enrolled on it that polls, downloads its
 * media and reports a play. pg_dump of the live database while the node runs, then the bucket copied object by
 * object through the S3 API (what {@code mc mirror} does). The node, its database server and its store are then
 * gone; a fresh node on a fresh PostgreSQL with the dump restored and a fresh store with the copied bucket answers
 * the box with the credential it has: its plan unchanged (304 on its ETag), its media downloadable with the same
 * checksum, its play log re-sent after the restore known already and its next one stored once.
 */
class BackupRestoreOnPostgresTest {

    private static final Duration STARTS_WITHIN = Duration.ofMinutes(5);
    private static final String ACCESS_KEY = "openloa";
    private static final String SECRET_KEY = "openloa-secret-key";
    private static final String BUCKET = "openloa-media";

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aFreshNodeOnTheRestoredDumpAndTheCopiedBucketAnswersTheBoxWithItsOldCredential() throws Exception {
        Path postgres = DebianPostgres.binaries();
        RequiredTools.require("ffmpeg", "ffmpeg"); // the bulletin's audio is processed by it

        // The node as it ran before the loss.
        DebianPostgres databaseA = started(DebianPostgres.start(postgres, dir.resolve("pg-a.log")));
        databaseA.createdb("openloa");
        Store storeA = store(dir.resolve("s3-a"));
        CmsProcess nodeA = CmsProcess.on(dir.resolve("node-a"), dir.resolve("node-a.log"));
        running.add(nodeA);
        nodeA.with(databaseA.cmsArguments("openloa").toArray(String[]::new))
                .with(storeArguments(storeA))
                .start(STARTS_WITHIN);
        Api admin = nodeA.admin();
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "BP" + s, "Tỉnh Sao Lưu " + s, "province", null);
        String commune = TestWorld.area(admin, "BP" + s + "-A", "Xã Sao Lưu " + s, "commune", province);
        Api operator = TestWorld.user(admin, "sl" + s, "OPERATOR", commune);
        String bulletin = Scheduling.approvedBulletin(admin, commune, "Thông báo sao lưu " + s, 2.0, "NORMAL");
        EnrolledDevice device = EnrolledDevice.enrol(
                operator, Map.of("name", "Loa " + s, "areaId", commune, "tags", List.of()), nodeA.api());
        String credential = device.credential();
        // Minutes ahead: a box reports a play no more than 5 minutes before the server's clock. A long allowed delay
        // keeps the broadcast from ending (and the plan from changing) while the test restores.
        OffsetDateTime at =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusMinutes(3).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> broadcast =
                Scheduling.playing(List.of(bulletin), List.of(commune), Scheduling.once(at.toString()));
        broadcast.put("maxDelay", "PT30M");
        Scheduling.create(operator, broadcast);

        // The box polls until its plan holds the broadcast, downloads the media and reports a play.
        Api.Response polled = pollUntilItHoldsAnItem(nodeA.api().bearer(credential));
        String etag = polled.headers().firstValue("ETag").orElseThrow();
        JsonNode item = polled.json().get("items").get(0);
        JsonNode media = polled.json().get("media").get(0);
        assertThat(sha256(download(nodeA.url(), media, credential)))
                .as("the media as the box downloads it before the backup")
                .isEqualTo(media.get("sha256").asString());
        Map<String, Object> reported = playLog(item);
        Api.Response stored = nodeA.api().bearer(credential).post("/edge/v1/playlogs", List.of(reported));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("stored").asInt()).isEqualTo(1);

        // Backup, the node running: the database first, then the media (a file newer than the dump is harmless).
        Path dump = dir.resolve("openloa.dump");
        databaseA.dump("openloa", dump);
        assertThat(Files.size(dump)).isPositive();
        Store storeB = store(dir.resolve("s3-b"));
        int copied = mirror(storeA, storeB);
        assertThat(copied).as("objects copied from the bucket").isPositive();

        // The loss: node, database server and store gone.
        nodeA.kill();
        gone(databaseA);
        gone(storeA);

        // Restore onto a fresh node: a fresh PostgreSQL, the dump restored into an empty database, the copied bucket.
        DebianPostgres databaseB = started(DebianPostgres.start(postgres, dir.resolve("pg-b.log")));
        databaseB.createdb("openloa");
        databaseB.restore(dump, "openloa");
        CmsProcess nodeB = CmsProcess.on(dir.resolve("node-b"), dir.resolve("node-b.log"));
        running.add(nodeB);
        nodeB.with(databaseB.cmsArguments("openloa").toArray(String[]::new))
                .with(storeArguments(storeB))
                .start(STARTS_WITHIN);
        Api box = nodeB.api().bearer(credential);

        Api.Response unchanged = box.get("/edge/v1/manifest", "If-None-Match", etag);
        if (unchanged.status() == 200) {
            // The manifest's hour bucket moved on while the test ran: the ETag names it, so only the plan version
            // part ("m-<version>-") must be the same.
            String now = unchanged.headers().firstValue("ETag").orElseThrow();
            assertThat(planVersion(now))
                    .as("the same plan version after the restore (" + etag + " → " + now + ")")
                    .isEqualTo(planVersion(etag));
        } else {
            assertThat(unchanged.status())
                    .as("the same plan, known by its ETag")
                    .isEqualTo(304);
        }
        Api.Response manifest = box.get("/edge/v1/manifest");
        assertThat(manifest.status()).isEqualTo(200);
        JsonNode mediaNow = manifest.json().get("media").get(0);
        assertThat(mediaNow.get("id").asString()).isEqualTo(media.get("id").asString());
        assertThat(sha256(download(nodeB.url(), mediaNow, credential)))
                .as("the media downloaded from the restored store")
                .isEqualTo(media.get("sha256").asString());

        // The box re-sends the play log whose answer it lost, then reports its next play.
        Api.Response resent = box.post("/edge/v1/playlogs", List.of(reported));
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(resent.json().get("stored").asInt())
                .as("a play log from before the backup is in the restored database")
                .isZero();
        assertThat(resent.json().get("duplicates").asInt()).isEqualTo(1);
        Map<String, Object> next = playLog(item);
        Api.Response nextStored = box.post("/edge/v1/playlogs", List.of(next));
        assertThat(nextStored.status()).as(nextStored.body()).isEqualTo(200);
        assertThat(nextStored.json().get("stored").asInt()).isEqualTo(1);
        Api.Response nextAgain = box.post("/edge/v1/playlogs", List.of(next));
        assertThat(nextAgain.json().get("stored").asInt()).isZero();
        assertThat(nextAgain.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(count(databaseB, "select count(*) from play_log where device_id = '" + device.id() + "'"))
                .as("one row per play: the one from before the backup and the next, none doubled")
                .isEqualTo(2);

        assertThat(nodeB.api()
                        .bearer("oled_not-a-real-credential-at-all-0000000000")
                        .get("/edge/v1/manifest")
                        .status())
                .isEqualTo(401);
    }

    // ------------------------------------------------------------------ the parts

    private DebianPostgres started(DebianPostgres database) {
        running.add(database);
        return database;
    }

    private void gone(AutoCloseable part) throws Exception {
        running.remove(part);
        part.close();
    }

    /** S3Proxy in this JVM on a folder of its own: a store of its own, reached by the S3 protocol. */
    private record Store(S3Proxy proxy) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            proxy.stop();
        }
    }

    private Store store(Path blobs) throws Exception {
        Files.createDirectories(blobs);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(blobs.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Await.until("S3Proxy started", Duration.ofSeconds(30), () -> "STARTED".equals(proxy.getState()));
        Store store = new Store(proxy);
        running.add(store);
        return store;
    }

    private static String[] storeArguments(Store store) {
        return new String[] {
            "--openloa.media.store=s3",
            "--openloa.media.s3.endpoint=" + endpoint(store),
            "--openloa.media.s3.access-key=" + ACCESS_KEY,
            "--openloa.media.s3.secret-key=" + SECRET_KEY,
            "--openloa.media.s3.bucket=" + BUCKET
        };
    }

    private static String endpoint(Store store) {
        return "http://127.0.0.1:" + store.proxy().getPort();
    }

    private static MinioClient client(Store store) {
        return MinioClient.builder()
                .endpoint(endpoint(store))
                .region("us-east-1")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build();
    }

    /** Every object of the bucket, with its type and metadata (the media's SHA-256), into an empty bucket. */
    private static int mirror(Store from, Store to) throws Exception {
        MinioClient source = client(from);
        MinioClient target = client(to);
        target.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        int copied = 0;
        for (Result<Item> listed : source.listObjects(
                ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
            String name = listed.get().objectName();
            StatObjectResponse stat = source.statObject(
                    StatObjectArgs.builder().bucket(BUCKET).object(name).build());
            try (InputStream body = source.getObject(
                    GetObjectArgs.builder().bucket(BUCKET).object(name).build())) {
                target.putObject(PutObjectArgs.builder().bucket(BUCKET).object(name).stream(body, stat.size(), null)
                        .contentType(stat.contentType())
                        .userMetadata(stat.userMetadata())
                        .build());
            }
            copied++;
        }
        return copied;
    }

    // ------------------------------------------------------------------ the box

    private static Api.Response pollUntilItHoldsAnItem(Api box) {
        return Await.until(
                "the broadcast in the box's manifest",
                Duration.ofSeconds(60),
                () -> box.get("/edge/v1/manifest"),
                manifest -> {
                    assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
                    return manifest.json().get("items").size() > 0
                            && manifest.json().get("media").size() > 0;
                });
    }

    /** As the agent fetches it: the manifest's own URL (a presigned one, with S3), else /edge/v1/media/{id}. */
    private static byte[] download(String cms, JsonNode media, String credential) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JsonNode url = media.get("url");
        HttpRequest request = url == null || url.isNull()
                ? HttpRequest.newBuilder(URI.create(
                                cms + "/edge/v1/media/" + media.get("id").asString()))
                        .header("Authorization", "Bearer " + credential)
                        .build()
                : HttpRequest.newBuilder(URI.create(cms + "/edge/v1/manifest").resolve(url.asString()))
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(200);
        assertThat((long) response.body().length).isEqualTo(media.get("size").asLong());
        return response.body();
    }

    private static Map<String, Object> playLog(JsonNode item) {
        OffsetDateTime started = OffsetDateTime.parse(item.get("start").asString());
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", UUID.randomUUID().toString());
        log.put("itemId", item.get("id").asString());
        log.put("mediaId", item.get("mediaIds").get(0).asString());
        log.put("startedAt", started.toString());
        log.put("endedAt", started.plusSeconds(2).toString());
        log.put("outcome", "PLAYED");
        log.put("reason", null);
        return log;
    }

    private static String planVersion(String etag) {
        return etag.substring(0, etag.lastIndexOf('-'));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long count(DebianPostgres database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl("openloa"), "postgres", "postgres");
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
