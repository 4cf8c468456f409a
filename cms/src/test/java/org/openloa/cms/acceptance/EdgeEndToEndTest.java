package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

/**
 * The edge protocol end to end, from outside: a real cms (its own JVM, embedded defaults) and two real edge agents
 * (their own JVMs, the file sink). A bulletin scheduled 20 s ahead plays on both at its start, the sink's
 * audio is the bulletin's audio, and the play logs reach cms. Then cms is stopped before the next slot: both
 * agents play it from their cache, and once cms is back their play logs arrive, none lost, none doubled.
 */
@Tag("edge-e2e")
class EdgeEndToEndTest {

    private static final Duration ON_TIME = Duration.ofSeconds(1);
    private static final int VOLUME = 90;

    @TempDir
    Path dir;

    private final List<Process> agents = new ArrayList<>();
    private CmsProcess cms;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process agent : agents) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (cms != null) {
            cms.close();
        }
    }

    @Test
    void twoBoxesPlayOnTimeFromTheirCacheAndEveryPlayIsLoggedOnce() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        cms = CmsProcess.on(dir.resolve("cms-data"), dir.resolve("cms.log")).start(Duration.ofSeconds(120));
        Api admin = cms.admin();

        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "E" + s, "Tỉnh Đầu Cuối " + s, "province", null);
        String commune = TestWorld.area(admin, "E" + s + "-A", "Xã Loa " + s, "commune", province);
        Api operator = TestWorld.user(admin, "vh" + s, "OPERATOR", commune);
        String bulletin = Scheduling.approvedBulletin(admin, commune, "Thông báo tiêm chủng " + s, 3.0, "NORMAL");
        byte[] delivered =
                download(cms.url() + "/api/v1/bulletins/" + bulletin + "/audio", "admin", CmsProcess.ADMIN_PASSWORD);

        // Two boxes on poles: created by the operator, enrolled by their agents with the one-time codes.
        Box east = box(operator, commune, "Cụm loa Đông");
        Box west = box(operator, commune, "Cụm loa Tây");
        for (Box box : List.of(east, west)) {
            Await.until(
                    box + " enrolled and reporting",
                    Duration.ofSeconds(60),
                    () -> "ONLINE"
                            .equals(operator.get("/api/v1/devices/" + box.id)
                                    .json()
                                    .path("status")
                                    .path("connection")
                                    .asString()));
        }

        // 1. A bulletin 20 s ahead: both play it at its start, and their play logs reach cms.
        OffsetDateTime first =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String firstBroadcast = broadcast(operator, bulletin, commune, first);
        for (Box box : List.of(east, west)) {
            Map<String, String> play = awaitPlay(box, first, Duration.ofSeconds(60));
            assertThat(play.get("result")).as(box + ": " + play).isEqualTo("complete");
            assertThat(Duration.between(first.toInstant(), Instant.parse(play.get("started")))
                            .abs())
                    .as(box + " starts on time: " + play)
                    .isLessThanOrEqualTo(ON_TIME);
            assertThat(play.get("volume")).as("the broadcast's volume").isEqualTo(String.valueOf(VOLUME));
            assertThat(Files.readAllBytes(box.sink.resolve(play.get("file"))))
                    .as(box + " plays exactly the bulletin's audio")
                    .isEqualTo(decoded(ffmpeg, delivered, VOLUME));
        }
        for (Box box : List.of(east, west)) {
            Await.until(
                    box + " reports its play",
                    Duration.ofSeconds(60),
                    () -> playLogs(operator, box).size() == 1);
            JsonNode log = playLogs(operator, box).get(0);
            assertThat(log.path("outcome").asString()).isEqualTo("PLAYED");
            assertThat(log.path("itemId").asString()).contains(firstBroadcast);
        }

        // 2. The next slot reaches both boxes' caches; then cms goes down before it starts.
        OffsetDateTime second =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        String secondBroadcast = broadcast(operator, bulletin, commune, second);
        for (Box box : List.of(east, west)) {
            Await.until(
                    box + " holds the next slot in its manifest",
                    Duration.ofSeconds(20),
                    () -> read(box.data.resolve("manifest.json")).contains(secondBroadcast));
        }
        cms.stop();
        assertThat(Instant.now())
                .as("cms stopped before the slot")
                .isBefore(second.toInstant().minusSeconds(2));

        for (Box box : List.of(east, west)) {
            Map<String, String> play = awaitPlay(box, second, Duration.ofSeconds(60));
            assertThat(play.get("result"))
                    .as(box + " plays from its cache: " + play)
                    .isEqualTo("complete");
            assertThat(Duration.between(second.toInstant(), Instant.parse(play.get("started")))
                            .abs())
                    .as(box + " on time without the server: " + play)
                    .isLessThanOrEqualTo(ON_TIME);
        }

        // 3. cms comes back on the same files: the logs queued while it was away arrive, once each.
        cms.start(Duration.ofSeconds(120));
        for (Box box : List.of(east, west)) {
            Await.until(
                    box + " delivers its queued play log",
                    Duration.ofSeconds(150),
                    () -> playLogs(operator, box).size() >= 2);
        }
        Thread.sleep(Duration.ofSeconds(12).toMillis()); // two more heartbeat rounds: a doubled send would show now
        for (Box box : List.of(east, west)) {
            List<JsonNode> logs = playLogs(operator, box);
            assertThat(logs)
                    .as(box + ": one log per play, none lost, none doubled")
                    .hasSize(2);
            assertThat(logs)
                    .extracting(l -> l.path("itemId").asString())
                    .anySatisfy(id -> assertThat(id).contains(firstBroadcast))
                    .anySatisfy(id -> assertThat(id).contains(secondBroadcast));
            assertThat(Files.readAllLines(box.sink.resolve("plays.log")))
                    .as(box + " played twice")
                    .hasSize(2);
        }
    }

    // ------------------------------------------------------------------ the boxes

    record Box(String name, String id, Path data, Path sink) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Box box(Api operator, String areaId, String name) throws IOException {
        Api.Response created =
                operator.post("/api/v1/devices", Map.of("name", name, "areaId", areaId, "tags", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        String code = created.text("enrollmentCode");
        assertThat(code).as("a one-time enrolment code for the installer").isNotBlank();
        Api.Response tuned = operator.patch("/api/v1/devices/" + id, Map.of("pollSeconds", 5, "volume", 100));
        assertThat(tuned.status()).as(tuned.body()).isEqualTo(200);

        Path data = Files.createDirectories(dir.resolve(id + "/data"));
        Path sink = Files.createDirectories(dir.resolve(id + "/sink"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OPENLOA_SERVER_URL", cms.url());
        environment.put("OPENLOA_ENROLLMENT_CODE", code);
        environment.put("OPENLOA_DATA_DIR", data.toString());
        environment.put("OPENLOA_PLAYER", "file:" + sink);
        environment.put("OPENLOA_POLL_SECONDS", "5");
        environment.put("OPENLOA_HEARTBEAT_SECONDS", "5");
        agents.add(AgentProcess.start(environment, dir.resolve(name + ".log")));
        return new Box(name, id, data, sink);
    }

    private static String broadcast(Api operator, String bulletin, String areaId, OffsetDateTime at) {
        Map<String, Object> body =
                new HashMap<>(Scheduling.playing(List.of(bulletin), List.of(areaId), Scheduling.once(at.toString())));
        body.put("priority", "NORMAL");
        body.put("volume", VOLUME);
        return Scheduling.create(operator, body).path("id").asString();
    }

    /** The plays.log line of the play that started nearest to {@code at}. */
    private Map<String, String> awaitPlay(Box box, OffsetDateTime at, Duration limit) throws InterruptedException {
        Map<String, String>[] found = new Map[1];
        Await.until(box + " plays the slot at " + at + "; see " + dir.resolve(box.name + ".log"), limit, () -> {
            for (String line : lines(box.sink.resolve("plays.log"))) {
                Map<String, String> play = fields(line);
                if (Duration.between(at.toInstant(), Instant.parse(play.get("started")))
                                .abs()
                                .compareTo(Duration.ofSeconds(10))
                        < 0) {
                    found[0] = play;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static List<JsonNode> playLogs(Api caller, Box box) {
        Api.Response logs = caller.get("/api/v1/playlogs?deviceId=" + box.id);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        JsonNode json = logs.json();
        (json.isArray() ? json : json.path("items")).forEach(all::add);
        return all;
    }

    // ------------------------------------------------------------------ audio

    /** What the file sink makes of the delivery audio at a volume: the same ffmpeg, the same arguments. */
    private byte[] decoded(Path ffmpeg, byte[] mp3, int volume) throws IOException, InterruptedException {
        Path in = Files.write(dir.resolve("delivered.mp3"), mp3);
        Path out = dir.resolve("expected.wav");
        Process process = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-i",
                        in.toString(),
                        "-af",
                        String.format(java.util.Locale.ROOT, "volume=%.2f", volume / 100.0),
                        "-map_metadata",
                        "-1",
                        "-fflags",
                        "+bitexact",
                        "-flags:a",
                        "+bitexact",
                        "-c:a",
                        "pcm_s16le",
                        "-f",
                        "wav",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        return Files.readAllBytes(out);
    }

    private static byte[] download(String url, String user, String password) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((user + ":" + password)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    // ------------------------------------------------------------------ plumbing

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String part : line.split(" (?=[a-z0-9]+=)")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
