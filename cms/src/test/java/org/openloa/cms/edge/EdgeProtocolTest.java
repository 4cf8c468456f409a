package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.playing;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The server side of /edge/v1, through real HTTP, as a box (and an operator) would use it. */
class EdgeProtocolTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    // ---------------------------------------------------------------- enrolment

    @Test
    void anEnrolmentCodeWorksOnceAndUnknownCodesAreNotFound() {
        TestWorld w = world();
        Api.Response created =
                w.operatorA().post("/api/v1/devices", Map.of("name", "Loa chợ", "areaId", w.villageAId()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String code = created.text("enrollmentCode");
        assertThat(code).matches("[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");
        assertThat(created.text("enrollmentExpiresAt")).isNotBlank();
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + created.text("id"))
                        .json()
                        .has("enrollmentCode"))
                .isFalse();

        Api.Response enrolled = enroll(code);
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        assertThat(enrolled.text("deviceId")).isEqualTo(created.text("id"));
        assertThat(enrolled.text("credential")).startsWith("oled_").hasSizeGreaterThanOrEqualTo(37);

        Api.Response again = enroll(code);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.text("code")).isEqualTo("enrollment-code-used");

        assertThat(enroll("ZZZZ-ZZZZ-ZZZZ").status()).isEqualTo(404);
        Api.Response malformed = api.anonymous().post("/edge/v1/enroll", "{\"enrollmentCode\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(api.anonymous()
                        .post("/edge/v1/enroll", Map.of("enrollmentCode", code))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aReplacementBoxEnrolsWithANewCodeAndTheOldCredentialStopsWorking() {
        TestWorld w = world();
        Box old = box(w.operatorA(), w.villageAId());
        assertThat(old.edge().get("/edge/v1/manifest").status()).isEqualTo(200);
        Api.Response issued = w.operatorA().post("/api/v1/devices/" + old.id() + "/enrollment", "{}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(w.operatorB()
                        .post("/api/v1/devices/" + old.id() + "/enrollment", "{}")
                        .status())
                .isEqualTo(404);

        Api.Response replaced = enroll(issued.text("enrollmentCode"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.text("deviceId")).isEqualTo(old.id());
        Await.until(
                "the old credential refused",
                Duration.ofSeconds(30),
                () -> old.edge().get("/edge/v1/manifest").status() == 401);
        assertThat(api.bearer(replaced.text("credential"))
                        .get("/edge/v1/manifest")
                        .status())
                .isEqualTo(200);
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void onlyDeviceCredentialsOpenTheEdgeAndTheyOpenNothingElse() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String token =
                w.operatorA().post("/api/v1/tokens", Map.of("name", "script")).text("token");

        assertThat(admin.get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(w.operatorA().get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(api.bearer(token).get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(api.anonymous().get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(api.bearer("oled_not-a-real-credential-at-all-0000000000")
                        .get("/edge/v1/manifest")
                        .status())
                .isEqualTo(401);
        Api.Response refused =
                api.bearer(token).post("/edge/v1/heartbeat", heartbeat(Instant.now(), "1.0.0", List.of()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        assertThat(box.edge().get("/api/v1/devices").status()).isEqualTo(401);
        assertThat(box.edge().get("/api/v1/devices/" + box.id()).status()).isEqualTo(401);
        assertThat(box.edge().get("/edge/v1/manifest").status()).isEqualTo(200);
    }

    @Test
    void aRetiredDeviceIsRefusedAtItsNextPollEvenWhenTheAnswerWouldBeNotModified() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api.Response first = box.edge().get("/edge/v1/manifest");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);

        assertThat(w.operatorA().delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);

        Await.until(
                "the box's credential refused",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status() == 401);
        assertThat(box.edge().get("/edge/v1/manifest").status()).isEqualTo(401);
        assertThat(box.edge()
                        .post("/edge/v1/heartbeat", heartbeat(Instant.now(), "1.0.0", List.of()))
                        .status())
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- manifest

    @Test
    void theManifestIsNotModifiedUntilABroadcastChangesIt() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String bulletin = approvedBulletin(admin, w.communeAId(), "Thông báo tiêm chủng", 1.5, "NORMAL");
        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(2))));

        Api.Response first = eventuallyGet(box, r -> r.json().get("items").size() == 1);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"m-\\d+-\\d{12}\"");
        assertThat(first.headers().firstValue("Date")).isPresent();
        JsonNode manifest = first.json();
        assertThat(etag).isEqualTo("\"" + manifest.get("version").asString() + "\"");
        assertThat(manifest.get("serverTime").asString()).endsWith("+07:00");
        assertThat(manifest.get("pollSeconds").asInt()).isEqualTo(60);
        assertThat(manifest.get("settings").get("volume").asInt()).isEqualTo(80);
        JsonNode item = manifest.get("items").get(0);
        assertThat(item.get("kind").asString()).isEqualTo("AUDIO");
        assertThat(item.get("priority").asString()).isEqualTo("NORMAL");
        String mediaId = item.get("mediaIds").get(0).asString();
        JsonNode media = manifest.get("media").get(0);
        assertThat(media.get("id").asString()).isEqualTo(mediaId);
        assertThat(media.get("sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(media.get("size").asLong()).isPositive();
        assertThat(media.get("mimeType").asString()).isEqualTo("audio/mpeg");
        assertThat(media.get("url").isNull()).isTrue();

        Api.Response unchanged = box.edge().get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.headers().firstValue("ETag")).contains(etag);
        assertThat(unchanged.headers().firstValue("Date")).isPresent();
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);

        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(5))));

        Api.Response changed = eventuallyGet(box, etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(changed.json().get("items").size()).isEqualTo(2);
    }

    @Test
    void anUnchangedManifestIsAnsweredFromMemoryAheadOfTheSecurityChain() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Api.Response built = box.edge().get("/edge/v1/manifest");
        // The ordinary path goes through Spring Security, whose header writer marks every answer.
        assertThat(built.headers().firstValue("X-Frame-Options")).isPresent();
        String etag = built.headers().firstValue("ETag").orElseThrow();

        Await.until("a 304 without X-Frame-Options", Duration.ofSeconds(30), () -> {
            Api.Response poll = box.edge().get("/edge/v1/manifest", "If-None-Match", etag);
            return poll.status() == 304
                    && poll.headers().firstValue("X-Frame-Options").isEmpty();
        });
        Api.Response fromMemory = box.edge().get("/edge/v1/manifest");
        assertThat(fromMemory.status()).isEqualTo(200);
        assertThat(fromMemory.json().get("version").asString())
                .isEqualTo(built.json().get("version").asString());
        assertThat(fromMemory.headers().firstValue("ETag")).contains(etag);
        assertThat(fromMemory.contentType()).startsWith("application/json");
    }

    @Test
    void aPlanVersionBumpedByAnotherNodeReachesThisNodesCache() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(304);

        // What another cms node's change leaves behind: only the row in device_plan, no event on this node.
        jdbc.update(
                "update device_plan set version = version + 1, changed_at = ? where device_id = ?",
                Timestamp.from(Instant.now()),
                UUID.fromString(box.id()));

        Api.Response changed = eventuallyGet(box, etag);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        String newEtag = changed.headers().firstValue("ETag").orElseThrow();
        assertThat(box.edge().get("/edge/v1/manifest", "If-None-Match", newEtag).status())
                .isEqualTo(304);
    }

    @Test
    void settingsAndQuietHoursReachTheManifest() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        Api.Response patched = w.operatorA()
                .patch(
                        "/api/v1/devices/" + box.id(),
                        Map.of("volume", 55, "pollSeconds", 30, "quietHours", "22:00-05:00"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.text("quietHours")).isEqualTo("22:00-05:00");
        assertThat(w.operatorA()
                        .patch("/api/v1/devices/" + box.id(), Map.of("quietHours", "25:00-05:00"))
                        .status())
                .isEqualTo(422);

        JsonNode manifest = eventuallyGet(box, etag).json();
        assertThat(manifest.get("settings").get("volume").asInt()).isEqualTo(55);
        assertThat(manifest.get("pollSeconds").asInt()).isEqualTo(30);
        assertThat(manifest.get("settings").get("heartbeatSeconds").asInt()).isEqualTo(60);
        JsonNode quiet = manifest.get("settings").get("quietHours");
        assertThat(quiet.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode stretch : quiet) {
            OffsetDateTime start = OffsetDateTime.parse(stretch.get("start").asString());
            OffsetDateTime end = OffsetDateTime.parse(stretch.get("end").asString());
            assertThat(start.getOffset()).isEqualTo(ZoneOffset.ofHours(7));
            assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(7));
        }
    }

    // ---------------------------------------------------------------- media

    @Test
    void aDeviceDownloadsOnlyTheMediaOfItsOwnManifestWithRanges() throws Exception {
        TestWorld w = world();
        Box a = box(w.operatorA(), w.villageAId());
        Box b = box(w.operatorB(), w.villageBId());
        JsonNode media = theOnlyMediaOfABulletinFor(a, w, "Bản tin sáng", 1.5);
        String path = "/edge/v1/media/" + media.get("id").asString();
        long size = media.get("size").asLong();

        HttpResponse<byte[]> whole = download(a, path, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).hasSize((int) size);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())))
                .isEqualTo(media.get("sha256").asString());
        assertThat(whole.headers().firstValue("ETag"))
                .contains("\"" + media.get("sha256").asString() + "\"");
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");

        HttpResponse<byte[]> rest = download(a, path, "bytes=100-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range")).contains("bytes 100-" + (size - 1) + "/" + size);
        assertThat(rest.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), 100, (int) size));
        assertThat(download(a, path, "bytes=" + size + "-").statusCode()).isEqualTo(416);

        HttpResponse<byte[]> head = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Authorization", "Bearer " + a.credential())
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(size);

        assertThat(download(b, path, null).statusCode()).isEqualTo(404);
        assertThat(download(a, "/edge/v1/media/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(404);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /**
     * A file of 48 KiB or more from the filesystem store goes out by sendfile (the kernel copies it, not the JVM),
     * whole and as a range, with the same bytes; a smaller one is copied, as before.
     */
    @Test
    void aLargeFileIsHandedToTheKernelWithTheSameBytesWholeAndAsARange() throws Exception {
        TestWorld w = world();
        Box a = box(w.operatorA(), w.villageAId());
        JsonNode media = theOnlyMediaOfABulletinFor(a, w, "Bản tin dài", 12);
        String path = "/edge/v1/media/" + media.get("id").asString();
        long size = media.get("size").asLong();
        assertThat(size).isGreaterThanOrEqualTo(48 * 1024);
        double kernel = downloads("sendfile");
        double copied = downloads("copied");

        HttpResponse<byte[]> whole = download(a, path, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())))
                .isEqualTo(media.get("sha256").asString());
        HttpResponse<byte[]> middle = download(a, path, "bytes=1000-" + (size - 1000));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 1000-" + (size - 1000) + "/" + size);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), 1000, (int) size - 999));
        assertThat(downloads("sendfile") - kernel).isEqualTo(2);

        HttpResponse<byte[]> tail = download(a, path, "bytes=-100");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), (int) size - 100, (int) size));
        assertThat(downloads("copied") - copied).isEqualTo(1);
        assertThat(downloads("sendfile") - kernel).isEqualTo(2);
    }

    /** A bulletin of this length played in commune A three hours from now, and its file as box a's manifest lists it. */
    private JsonNode theOnlyMediaOfABulletinFor(Box a, TestWorld w, String title, double seconds) throws Exception {
        String bulletin = approvedBulletin(admin, w.communeAId(), title, seconds, "NORMAL");
        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(3))));
        return eventuallyGet(a, r -> r.json().get("media").size() == 1)
                .json()
                .get("media")
                .get(0);
    }

    private double downloads(String how) {
        return meters.get(org.openloa.cms.audio.AudioLibrary.DOWNLOADS)
                .tag("how", how)
                .counter()
                .count();
    }

    @Autowired
    ManifestWarmer warmer;

    /**
     * What an emergency's wake meets: the change that woke the box has already rebuilt its manifest in memory, so
     * the box's poll and its download are answered ahead of the security chain and the database (no
     * X-Frame-Options, which only the chain writes); the bytes are the file's, Range works; and a retired device
     * is refused at its next download at once, its memory being dropped by the commit that retired it.
     */
    @Test
    void aChangedManifestIsBuiltBeforeTheBoxAsksAndItsMediaServedFromMemoryUntilTheDeviceIsRetired() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        String bulletin = approvedBulletin(admin, w.communeAId(), "Cảnh báo lũ", 1.5, "NORMAL");
        long builtBefore = warmer.built.sum();

        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(1))));
        Await.until(
                "the manifest rebuilt by the warmer", Duration.ofSeconds(30), () -> warmer.built.sum() > builtBefore);

        Api.Response changed = box.edge().get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().firstValue("X-Frame-Options"))
                .as("answered from memory")
                .isEmpty();
        JsonNode media = changed.json().get("media").get(0);
        String path = "/edge/v1/media/" + media.get("id").asString();
        long size = media.get("size").asLong();

        HttpResponse<byte[]> whole = download(box, path, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("X-Frame-Options"))
                .as("served from memory")
                .isEmpty();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())))
                .isEqualTo(media.get("sha256").asString());
        HttpResponse<byte[]> rest = download(box, path, "bytes=10-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), 10, (int) size));
        // Media the manifest does not list takes the ordinary path, which refuses it.
        HttpResponse<byte[]> other = download(box, "/edge/v1/media/" + UUID.randomUUID(), null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("X-Frame-Options")).isPresent();

        assertThat(w.operatorA().delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);
        assertThat(download(box, path, null).statusCode()).isEqualTo(401);
        assertThat(box.edge().get("/edge/v1/manifest").status()).isEqualTo(401);
    }

    /**
     * What a build tells a box is remembered exactly, its bookkeeping written per batch in one transaction before
     * the manifest is served: the items it was sent (so its play logs are accepted), the media it holds, and, once
     * a bulletin leaves its plan, that medium in purge[] while the other stays.
     */
    @Test
    void whatABoxWasToldIsRememberedAndAMediumItNoLongerNeedsIsPurged() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String first = approvedBulletin(admin, w.communeAId(), "Bản tin chiều", 1.5, "NORMAL");
        JsonNode firstBroadcast =
                create(w.operatorA(), playing(List.of(first), List.of(w.communeAId()), once(inHours(2))));
        Api.Response listed = eventuallyGet(box, r -> r.json().get("media").size() == 1);
        String firstMedia = listed.json().get("media").get(0).get("id").asString();
        assertThat(listed.json().get("purge").size()).isZero();

        String second = approvedBulletin(admin, w.communeAId(), "Bản tin tối", 1.5, "NORMAL");
        create(w.operatorA(), playing(List.of(second), List.of(w.communeAId()), once(inHours(3))));
        assertThat(w.operatorA()
                        .delete("/api/v1/broadcasts/" + firstBroadcast.get("id").asString())
                        .status())
                .isEqualTo(204);

        JsonNode manifest = eventuallyGet(
                        box,
                        r -> r.json().get("purge").size() == 1
                                && r.json().get("items").size() == 1)
                .json();
        assertThat(manifest.get("purge").get(0).asString()).isEqualTo(firstMedia);
        String secondMedia = manifest.get("media").get(0).get("id").asString();
        assertThat(secondMedia).isNotEqualTo(firstMedia);
        UUID device = UUID.fromString(box.id());
        assertThat(jdbc.queryForList(
                        "select media_id from device_media where device_id = ? order by media_id",
                        String.class,
                        device))
                .as("both remembered until the first ages out of the purge memory")
                .containsExactlyInAnyOrder(firstMedia, secondMedia);
        assertThat(jdbc.queryForObject(
                        "select count(*) from device_plan_item where device_id = ? and item_id = ?",
                        Integer.class,
                        device,
                        manifest.get("items").get(0).get("id").asString()))
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------- heartbeats and commands

    @Test
    void aHeartbeatUpdatesTheStatusAndAnOlderOneDoesNotOverwriteIt() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> latest = heartbeat(now, "1.2.0", List.of());
        assertThat(box.edge().post("/edge/v1/heartbeat", latest).status()).isEqualTo(204);
        assertThat(box.edge().post("/edge/v1/heartbeat", latest).status()).isEqualTo(204);
        assertThat(box.edge()
                        .post("/edge/v1/heartbeat", heartbeat(now.minusSeconds(3600), "0.9.0", List.of()))
                        .status())
                .isEqualTo(204);

        JsonNode status =
                w.operatorA().get("/api/v1/devices/" + box.id()).json().get("status");
        assertThat(status.get("agentVersion").asString()).isEqualTo("1.2.0");
        assertThat(status.get("connection").asString()).isEqualTo("ONLINE");
        assertThat(status.get("freeBytes").asLong()).isEqualTo(123456789L);
        assertThat(status.get("cacheComplete").asBoolean()).isTrue();
        assertThat(Instant.parse(status.get("lastSeenAt").asString())).isEqualTo(now);

        assertThat(box.edge()
                        .post("/edge/v1/heartbeat", heartbeat(now.plusSeconds(60), "1.3.0", List.of()))
                        .status())
                .isEqualTo(204);
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + box.id())
                        .json()
                        .get("status")
                        .get("agentVersion")
                        .asString())
                .isEqualTo("1.3.0");
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + box.id())
                        .json()
                        .get("status")
                        .get("mediaErrors")
                        .size())
                .isZero();

        // A download that failed its checksum is reported; the operator sees it until a heartbeat without it.
        Map<String, Object> troubled = heartbeat(now.plusSeconds(120), "1.3.0", List.of());
        troubled.put(
                "mediaErrors",
                List.of(Map.of(
                        "mediaId",
                        "m-news",
                        "reason",
                        "SHA-256 mismatch",
                        "at",
                        now.plusSeconds(110).toString())));
        assertThat(box.edge().post("/edge/v1/heartbeat", troubled).status()).isEqualTo(204);
        JsonNode reported = w.operatorA()
                .get("/api/v1/devices/" + box.id())
                .json()
                .get("status")
                .get("mediaErrors");
        assertThat(reported.size()).isEqualTo(1);
        assertThat(reported.get(0).get("mediaId").asString()).isEqualTo("m-news");
        assertThat(reported.get(0).get("reason").asString()).isEqualTo("SHA-256 mismatch");
        assertThat(box.edge()
                        .post("/edge/v1/heartbeat", heartbeat(now.plusSeconds(180), "1.3.0", List.of()))
                        .status())
                .isEqualTo(204);
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + box.id())
                        .json()
                        .get("status")
                        .get("mediaErrors")
                        .size())
                .isZero();

        Map<String, Object> malformed = new LinkedHashMap<>(latest);
        malformed.remove("at");
        assertThat(box.edge().post("/edge/v1/heartbeat", malformed).status()).isEqualTo(400);
    }

    @Test
    void commandsStayInTheManifestUntilAHeartbeatAcknowledgesThem() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();

        assertThat(command(w.operatorA(), box.id(), "SET_VOLUME", Map.of("volume", "150"))
                        .status())
                .isEqualTo(422);
        assertThat(command(w.operatorA(), box.id(), "SET_VOLUME", Map.of()).status())
                .isEqualTo(422);
        assertThat(command(w.operatorB(), box.id(), "SYNC_NOW", Map.of()).status())
                .isEqualTo(404);
        Api viewer = TestWorld.user(admin, "vw" + w.suffix(), "VIEWER", w.communeAId());
        assertThat(command(viewer, box.id(), "SYNC_NOW", Map.of()).status()).isEqualTo(403);
        Api.Response issued = command(w.operatorA(), box.id(), "SET_VOLUME", Map.of("volume", "85"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String commandId = issued.text("id");

        Api.Response withCommand = eventuallyGet(box, etag);
        JsonNode commands = withCommand.json().get("commands");
        assertThat(commands.size()).isEqualTo(1);
        assertThat(commands.get(0).get("id").asString()).isEqualTo(commandId);
        assertThat(commands.get(0).get("type").asString()).isEqualTo("SET_VOLUME");
        assertThat(commands.get(0).get("args").get("volume").asString()).isEqualTo("85");
        assertThat(withCommand.json().get("settings").get("volume").asInt()).isEqualTo(85);
        assertThat(box.edge().get("/edge/v1/manifest").json().get("commands").size())
                .isEqualTo(1);

        String etagWithCommand = withCommand.headers().firstValue("ETag").orElseThrow();
        assertThat(box.edge()
                        .post("/edge/v1/heartbeat", heartbeat(Instant.now(), "1.0.0", List.of(commandId)))
                        .status())
                .isEqualTo(204);
        Api.Response acknowledged = eventuallyGet(box, etagWithCommand);
        assertThat(acknowledged.json().get("commands").size()).isZero();
        JsonNode listed =
                w.operatorA().get("/api/v1/devices/" + box.id() + "/commands").json();
        assertThat(listed.get(0).get("id").asString()).isEqualTo(commandId);
        assertThat(listed.get(0).get("acknowledgedAt").isNull()).isFalse();
    }

    // ---------------------------------------------------------------- play logs

    @Test
    void playLogsSentTwiceAreStoredOnceAndABadBatchStoresNothing() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Planned item = plannedItem(w, box);
        List<Map<String, Object>> batch = List.of(playLog(item, "PLAYED"), playLog(item, "INTERRUPTED"));

        Api.Response first = box.edge().post("/edge/v1/playlogs", batch);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("stored").asInt()).isEqualTo(2);
        Api.Response second = box.edge().post("/edge/v1/playlogs", batch);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("stored").asInt()).isZero();
        assertThat(second.json().get("duplicates").asInt()).isEqualTo(2);
        assertThat(logsOf(w.operatorA(), box.id()).size()).isEqualTo(2);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(playLog(item, "PLAYED"));
        }
        Api.Response tooLarge = box.edge().post("/edge/v1/playlogs", tooMany);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");

        Map<String, Object> noOutcome = playLog(item, "PLAYED");
        noOutcome.remove("outcome");
        Api.Response malformed = box.edge().post("/edge/v1/playlogs", List.of(playLog(item, "PLAYED"), noOutcome));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        Map<String, Object> notAnItem = playLog("whatever", item.start(), "PLAYED");
        assertThat(box.edge()
                        .post("/edge/v1/playlogs", List.of(playLog(item, "PLAYED"), notAnItem))
                        .status())
                .isEqualTo(422);
        assertThat(box.edge().post("/edge/v1/playlogs", "{\"id\": 1}").status()).isEqualTo(400);
        assertThat(logsOf(w.operatorA(), box.id()).size()).isEqualTo(2);
    }

    @Test
    void playLogsForItemsNeverInTheDevicesPlanAreRefusedAndNotStored() {
        TestWorld w = world();
        Box a = box(w.operatorA(), w.villageAId());
        Box b = box(w.operatorB(), w.villageBId());
        JsonNode ofB = create(w.operatorB(), relaying("PT10M", List.of(w.communeBId()), once(inMinutes(2))));
        String itemOfB = eventuallyGet(b, r -> r.json().get("items").size() > 0)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        assertThat(itemOfB).startsWith(ofB.get("id").asString());
        Planned mine = plannedItem(w, a);

        Map<String, Api.Response> refusals = new LinkedHashMap<>();
        refusals.put(
                "another area's item",
                a.edge().post("/edge/v1/playlogs", List.of(playLog(itemOfB, mine.start(), "PLAYED"))));
        refusals.put(
                "an item of no broadcast",
                a.edge()
                        .post(
                                "/edge/v1/playlogs",
                                List.of(playLog(
                                        UUID.randomUUID() + "@" + mine.start().toInstant(), mine.start(), "PLAYED"))));
        refusals.put(
                "a start in 2099",
                a.edge()
                        .post(
                                "/edge/v1/playlogs",
                                List.of(playLog(mine.id(), mine.start().withYear(2099), "PLAYED"))));
        refusals.put(
                "a start a day before the window",
                a.edge()
                        .post(
                                "/edge/v1/playlogs",
                                List.of(playLog(mine.id(), mine.start().minusDays(1), "PLAYED"))));
        for (Map.Entry<String, Api.Response> r : refusals.entrySet()) {
            assertThat(r.getValue().status())
                    .as(r.getKey() + ": " + r.getValue())
                    .isEqualTo(422);
            assertThat(r.getValue().contentType()).startsWith("application/problem+json");
            assertThat(r.getValue().json().get("errors").get(0).get("field").asString())
                    .startsWith("[0].");
        }
        assertThat(refusals.get("another area's item").text("code")).isEqualTo("not-in-plan");
        assertThat(refusals.get("a start in 2099").text("code")).isEqualTo("play-log-in-the-future");
        assertThat(refusals.get("a start a day before the window").text("code")).isEqualTo("outside-planned-window");
        assertThat(logsOf(w.operatorA(), a.id()).size()).isZero();
        assertThat(logsOf(w.operatorB(), b.id()).size()).isZero();
    }

    @Test
    void proofOfPlayIsAcceptedForABroadcastDeletedAfterItWasPlanned() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Planned item = plannedItem(w, box);
        String broadcastId = item.id().substring(0, item.id().indexOf('@'));
        assertThat(w.operatorA().delete("/api/v1/broadcasts/" + broadcastId).status())
                .isEqualTo(204);

        Api.Response stored = box.edge().post("/edge/v1/playlogs", List.of(playLog(item, "PLAYED")));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("stored").asInt()).isEqualTo(1);
        assertThat(logsOf(w.operatorA(), box.id()).get(0).get("itemId").asString())
                .isEqualTo(item.id());
    }

    @Test
    void playLogsAreReadWithinTheCallersAreasAsJsonOrCsv() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Planned item = plannedItem(w, box);
        assertThat(box.edge()
                        .post("/edge/v1/playlogs", List.of(playLog(item, "PLAYED")))
                        .status())
                .isEqualTo(200);

        assertThat(logsOf(w.operatorA(), box.id()).get(0).get("itemId").asString())
                .isEqualTo(item.id());
        JsonNode inCommune =
                w.operatorA().get("/api/v1/playlogs?areaId=" + w.communeAId()).json();
        assertThat(inCommune.size()).isEqualTo(1);
        assertThat(inCommune.get(0).get("deviceName").asString()).isNotBlank();
        assertThat(w.operatorA()
                        .get("/api/v1/playlogs?areaId=" + w.villageBId())
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/playlogs?areaId=" + w.communeBId()).json().size())
                .isZero();
        assertThat(admin.get("/api/v1/playlogs")
                        .json()
                        .valueStream()
                        .filter(log -> log.get("itemId").asString().equals(item.id()))
                        .map(log -> log.get("deviceName"))
                        .toList())
                .containsExactly(inCommune.get(0).get("deviceName"));
        assertThat(w.operatorB().get("/api/v1/playlogs?deviceId=" + box.id()).status())
                .isEqualTo(404);
        assertThat(w.operatorB()
                        .get("/api/v1/playlogs?areaId=" + w.communeAId())
                        .status())
                .isEqualTo(404);
        assertThat(w.operatorB().get("/api/v1/playlogs").json().size()).isZero();
        assertThat(w.operatorA()
                        .get("/api/v1/playlogs?deviceId=" + box.id() + "&from="
                                + item.start().plusDays(1).toInstant())
                        .json()
                        .size())
                .isZero();

        HttpResponse<String> csv = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/playlogs?deviceId=" + box.id()))
                        .header("Accept", "text/csv")
                        .header("Authorization", basic("opa" + w.suffix()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("id,device_id,device_name,item_id")
                .contains(item.id())
                .contains("PLAYED");
    }

    @Test
    void theOpenApiDocumentListsTheEdgeProtocol() {
        String document = api.anonymous().get("/v3/api-docs").body();
        assertThat(document)
                .contains(
                        "/edge/v1/enroll",
                        "/edge/v1/manifest",
                        "/edge/v1/media/{id}",
                        "/edge/v1/heartbeat",
                        "/edge/v1/playlogs",
                        "/api/v1/playlogs",
                        "/api/v1/devices/{id}/commands",
                        "/api/v1/devices/{id}/enrollment");
        assertThat(api.anonymous()
                        .get("/v3/api-docs")
                        .json()
                        .get("components")
                        .get("securitySchemes")
                        .has("device"))
                .isTrue();
    }

    // ---------------------------------------------------------------- helpers

    record Box(String id, String credential, Api edge) {}

    private Box box(Api operator, String areaId) {
        Api.Response created =
                operator.post("/api/v1/devices", Map.of("name", "Loa " + UUID.randomUUID(), "areaId", areaId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response enrolled = enroll(created.text("enrollmentCode"));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        return new Box(created.text("id"), enrolled.text("credential"), api.bearer(enrolled.text("credential")));
    }

    private Api.Response enroll(String code) {
        return api.anonymous()
                .post(
                        "/edge/v1/enroll",
                        Map.of(
                                "enrollmentCode",
                                code,
                                "hardwareId",
                                "machine-id:" + UUID.randomUUID(),
                                "agentVersion",
                                "0.1.0"));
    }

    private static Api.Response command(Api caller, String deviceId, String type, Map<String, String> args) {
        return caller.post("/api/v1/devices/" + deviceId + "/commands", Map.of("type", type, "args", args));
    }

    static Map<String, Object> heartbeat(Instant at, String agentVersion, List<String> commandsDone) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", at.toString());
        heartbeat.put("playingItemId", null);
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 123456789L);
        heartbeat.put("agentVersion", agentVersion);
        heartbeat.put("uptimeS", 42);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", -12);
        heartbeat.put("manifestVersion", null);
        heartbeat.put("commandsDone", commandsDone);
        heartbeat.put("mediaErrors", List.of());
        return heartbeat;
    }

    @Test
    void anUnsatisfiableRangeIsAnEmpty416NamingTheSize() throws Exception {
        Download d = downloadable();
        HttpResponse<byte[]> past = download(d.box(), d.path(), "bytes=" + d.size() + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + d.size());
        assertThat(past.body()).isEmpty();
    }

    @Test
    void anEmptyOrMalformedRangeIsIgnoredAndTheWholeFileSent() throws Exception {
        Download d = downloadable();
        for (String range : List.of("bytes=", "bytes=-", "bytes=9-3", "lines=0-1", "bytes=abc")) {
            HttpResponse<byte[]> whole = download(d.box(), d.path(), range);
            assertThat(whole.statusCode()).as(range).isEqualTo(200);
            assertThat(whole.body()).as(range).hasSize((int) d.size());
        }
    }

    @Test
    void anIfRangeThatDoesNotNameThisFileGetsTheWholeFile() throws Exception {
        Download d = downloadable();
        for (String ifRange : List.of("\"not-this-file\"", "Wed, 21 Oct 2015 07:28:00 GMT")) {
            HttpResponse<byte[]> whole = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + d.path()))
                            .header("Authorization", "Bearer " + d.box().credential())
                            .header("Range", "bytes=100-")
                            .header("If-Range", ifRange)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).as(ifRange).isEqualTo(200);
            assertThat(whole.body()).as(ifRange).hasSize((int) d.size());
        }
        HttpResponse<byte[]> part = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + d.path()))
                        .header("Authorization", "Bearer " + d.box().credential())
                        .header("Range", "bytes=100-")
                        .header("If-Range", "\"" + d.sha256() + "\"")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize((int) d.size() - 100);
    }

    private record Download(Box box, String path, long size, String sha256) {}

    private Download downloadable() {
        TestWorld w = world();
        Box a = box(w.operatorA(), w.villageAId());
        String bulletin = approvedBulletin(admin, w.communeAId(), "Bản tin trưa", 1.5, "NORMAL");
        create(w.operatorA(), playing(List.of(bulletin), List.of(w.communeAId()), once(inHours(3))));
        JsonNode media = eventuallyGet(a, r -> r.json().get("media").size() == 1)
                .json()
                .get("media")
                .get(0);
        return new Download(
                a,
                "/edge/v1/media/" + media.get("id").asString(),
                media.get("size").asLong(),
                media.get("sha256").asString());
    }

    /** A plan item the box was really sent: a relay starting within two minutes, as its manifest lists it. */
    private record Planned(String id, OffsetDateTime start) {}

    private Planned plannedItem(TestWorld w, Box box) {
        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inMinutes(2))));
        JsonNode item = eventuallyGet(box, r -> r.json().get("items").size() > 0)
                .json()
                .get("items")
                .get(0);
        assertThat(item.get("id").asString()).startsWith(broadcast.get("id").asString());
        return new Planned(
                item.get("id").asString(),
                OffsetDateTime.parse(item.get("start").asString()));
    }

    private static Map<String, Object> playLog(Planned item, String outcome) {
        return playLog(item.id(), item.start(), outcome);
    }

    private static Map<String, Object> playLog(String itemId, OffsetDateTime startedAt, String outcome) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", UUID.randomUUID().toString());
        log.put("itemId", itemId);
        log.put("mediaId", UUID.randomUUID().toString());
        log.put("startedAt", startedAt.toString());
        log.put("endedAt", startedAt.plusSeconds(10).toString());
        log.put("outcome", outcome);
        log.put("reason", outcome.equals("PLAYED") ? null : "interrupted by an emergency");
        return log;
    }

    private static JsonNode logsOf(Api caller, String deviceId) {
        Api.Response logs = caller.get("/api/v1/playlogs?deviceId=" + deviceId);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        return logs.json();
    }

    private HttpResponse<byte[]> download(Box box, String path, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + box.credential());
        if (range != null) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String basic(String username) {
        return "Basic "
                + java.util.Base64.getEncoder().encodeToString((username + ":" + TestWorld.PASSWORD).getBytes());
    }

    private static String inMinutes(int minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusMinutes(minutes)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }

    private static String inHours(int hours) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusHours(hours)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }

    /** Polls until the manifest is no longer {@code etag} (changes reach other nodes within a refresh). */
    private static Api.Response eventuallyGet(Box box, String etag) {
        return Await.until(
                "a new manifest for the box",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest", "If-None-Match", etag),
                answer -> answer.status() == 200);
    }

    private static Api.Response eventuallyGet(Box box, java.util.function.Predicate<Api.Response> condition) {
        return Await.until(
                "the box's manifest to say so",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest"),
                answer -> answer.status() == 200 && condition.test(answer));
    }
}
