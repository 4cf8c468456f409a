package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * A burst of streamed uploads obeys the node's processing limit (openloa.media.processing-threads, 2 here) as the
 * queued jobs do: the ffmpeg processes this JVM runs, as the operating system lists them, are the observable.
 */
@org.junit.jupiter.api.Tag("media")
class StreamedUploadLimitTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of("target/test-data/work");
    /** The test server's openloa.media.processing-threads (its default). */
    private static final int LIMIT = 2;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void uploadsBeyondTheLimitWaitTheirTurnWithoutFfmpegAndAllEndAsTheirBulletinsAudio() throws Exception {
        TestWorld w = world();
        String username = "lim" + w.suffix();
        Api editor = TestWorld.user(admin, username, "EDITOR", w.communeAId());
        List<String> bulletins = new ArrayList<>();
        for (int i = 0; i < LIMIT + 3; i++) {
            bulletins.add(bulletin(editor, "Bản tin " + i));
        }
        long assetsBefore = jdbc.queryForObject("select count(*) from media_asset", Long.class);
        // Nothing of earlier tests (or the encoder calibration at start) still runs.
        await("no ffmpeg running before the burst", () -> ffmpegRunning() == 0);
        FfmpegWatch watch = FfmpegWatch.start();
        ExecutorService senders = Executors.newCachedThreadPool();
        List<String> queued = new ArrayList<>();
        try {
            // LIMIT uploads take the slots and are held halfway, their first pass measuring what has arrived.
            byte[] held = TestAudio.toneWav(20, 0.1);
            List<PipedOutputStream> bodies = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> first =
                    holdHalfway(username, bulletins.subList(0, LIMIT), held, bodies, senders);
            await("a first pass running for each held upload", () -> ffmpegRunning() == LIMIT);

            // More arrive meanwhile: two streamed whole, one through the multipart form.
            byte[] whole = TestAudio.toneWav(4, 0.1);
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                    () -> send(username, bulletins.get(LIMIT), HttpRequest.BodyPublishers.ofByteArray(whole)), senders);
            CompletableFuture<HttpResponse<String>> third = CompletableFuture.supplyAsync(
                    () -> send(username, bulletins.get(LIMIT + 1), HttpRequest.BodyPublishers.ofByteArray(whole)),
                    senders);
            Api.Response multipart = editor.upload(
                    "/api/v1/bulletins/" + bulletins.get(LIMIT + 2) + "/audio", "file", "form.wav", whole, "audio/wav");
            for (HttpResponse<String> answer : List.of(second.join(), third.join())) {
                // Told at once that it waits: 202 with a queued job to follow, as for a multipart upload.
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                JsonNode job = JSON.readTree(answer.body());
                assertThat(job.get("state").asString()).isEqualTo("QUEUED");
                assertThat(answer.headers().firstValue("Location").orElse(""))
                        .isEqualTo("/api/v1/jobs/" + job.get("id").asString());
                queued.add(job.get("id").asString());
            }
            assertThat(multipart.status()).as(multipart.body()).isEqualTo(202);
            queued.add(multipart.text("id"));
            // The slots are still held: none of the waiting ones has started, and no more ffmpeg ran than the limit.
            for (String job : queued) {
                assertThat(editor.get("/api/v1/jobs/" + job).text("state")).isEqualTo("QUEUED");
            }
            assertThat(watch.most())
                    .as("ffmpeg at once while the slots are held")
                    .isEqualTo(LIMIT);

            for (PipedOutputStream out : bodies) {
                out.write(held, held.length / 2, held.length - held.length / 2);
                out.close();
            }
            for (CompletableFuture<HttpResponse<String>> answer : first) {
                assertThat(answer.join().statusCode()).as(answer.join().body()).isEqualTo(201);
            }
            for (String job : queued) {
                await(
                        "job " + job + " done",
                        () -> !"QUEUED RUNNING"
                                .contains(editor.get("/api/v1/jobs/" + job).text("state")));
                assertThat(editor.get("/api/v1/jobs/" + job).text("state")).isEqualTo("SUCCEEDED");
            }
        } finally {
            watch.stop();
            senders.shutdownNow();
        }
        for (String bulletin : bulletins) {
            JsonNode audio = editor.get("/api/v1/bulletins/" + bulletin).json().get("audio");
            assertThat(audio.isNull()).as("audio of " + bulletin).isFalse();
            assertThat(audio.get("loudnessLufs").asDouble()).isBetween(-16.5, -15.5);
        }
        // An ingest runs at most two ffmpeg at once (its render and the decode that verifies it).
        assertThat(watch.most()).as("ffmpeg at once over the whole burst").isLessThanOrEqualTo(2 * LIMIT);
        // Nothing half-written: an original and a delivery per bulletin, no scratch folder left.
        assertThat(jdbc.queryForObject("select count(*) from media_asset", Long.class))
                .isEqualTo(assetsBefore + 2L * bulletins.size());
        await("the scratch folders removed", () -> scratch(queued).isEmpty());
    }

    /**
     * Issue 14: an emergency never waits behind bulletins for ffmpeg. With every slot held by bulletin uploads and a
     * bulletin job waiting, an emergency's streamed recording is ON_AIR in its answer, ahead of that job; a second
     * held meanwhile takes the one slot kept beyond the limit (limit + 1 ingests, no more), and an emergency upload
     * that finds that slot taken too waits only for it, not for the bulletins.
     */
    @Test
    void anEmergencyNeverWaitsBehindBulletinsAndTakesAtMostOneSlotBeyondTheLimit() throws Exception {
        TestWorld w = world();
        String username = "lie" + w.suffix();
        String operator = "opa" + w.suffix();
        Api editor = TestWorld.user(admin, username, "EDITOR", w.communeAId());
        List<String> bulletins = new ArrayList<>();
        for (int i = 0; i <= LIMIT; i++) {
            bulletins.add(bulletin(editor, "Bản tin thường " + i));
        }
        await("no ffmpeg running before the test", () -> ffmpegRunning() == 0);
        ExecutorService senders = Executors.newCachedThreadPool();
        FfmpegWatch watch = null;
        try {
            byte[] held = TestAudio.toneWav(20, 0.1);
            List<PipedOutputStream> bodies = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> first =
                    holdHalfway(username, bulletins.subList(0, LIMIT), held, bodies, senders);
            await("a first pass running for each held bulletin upload", () -> ffmpegRunning() == LIMIT);
            byte[] whole = TestAudio.toneWav(3, 0.1);
            Api.Response waiting = editor.upload(
                    "/api/v1/bulletins/" + bulletins.get(LIMIT) + "/audio", "file", "form.wav", whole, "audio/wav");
            assertThat(waiting.status()).as(waiting.body()).isEqualTo(202);
            String waitingJob = waiting.text("id");

            // Ahead of the bulletins: measured and rendered at once, on air in the answer.
            HttpResponse<String> atOnce =
                    raise(operator, "Lũ " + w.suffix(), w.communeAId(), HttpRequest.BodyPublishers.ofByteArray(whole));
            assertThat(atOnce.statusCode()).as(atOnce.body()).isEqualTo(201);
            assertThat(JSON.readTree(atOnce.body()).get("state").asString()).isEqualTo("ON_AIR");
            assertThat(editor.get("/api/v1/jobs/" + waitingJob).text("state")).isEqualTo("QUEUED");
            await("the emergency's ffmpeg done", () -> ffmpegRunning() == LIMIT);

            // A second emergency held mid-body takes the slot kept for emergencies: limit + 1 ingests at once.
            watch = FfmpegWatch.start();
            PipedInputStream heldIn = new PipedInputStream(256 * 1024);
            PipedOutputStream heldOut = new PipedOutputStream(heldIn);
            CompletableFuture<HttpResponse<String>> heldEmergency = CompletableFuture.supplyAsync(
                    () -> raise(
                            operator,
                            "Bão " + w.suffix(),
                            w.communeAId(),
                            HttpRequest.BodyPublishers.ofInputStream(() -> heldIn)),
                    senders);
            heldOut.write(held, 0, held.length / 2);
            heldOut.flush();
            await("a first pass for the held emergency too", () -> ffmpegRunning() == LIMIT + 1);
            // A third, multipart, finds that slot taken too: it waits for it (PREPARING), starting no ffmpeg.
            Api.Response third = w.operatorA()
                    .upload(
                            "/api/v1/emergencies?title=Sat%20lo%20" + w.suffix() + "&areaIds=" + w.communeAId(),
                            "file",
                            "lo.wav",
                            whole,
                            "audio/wav");
            assertThat(third.status()).as(third.body()).isEqualTo(201);
            assertThat(third.text("state")).isEqualTo("PREPARING");
            assertThat(watch.most())
                    .as("ffmpeg at once while every slot is held")
                    .isEqualTo(LIMIT + 1);

            heldOut.write(held, held.length / 2, held.length - held.length / 2);
            heldOut.close();
            HttpResponse<String> second = heldEmergency.join();
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            assertThat(JSON.readTree(second.body()).get("state").asString()).isEqualTo("ON_AIR");
            // The third goes on air while the bulletins still hold their slots and the bulletin job still waits.
            await(
                    "the third emergency on air",
                    () -> "ON_AIR"
                            .equals(w.operatorA()
                                    .get("/api/v1/emergencies/" + third.text("id"))
                                    .text("state")));
            assertThat(editor.get("/api/v1/jobs/" + waitingJob).text("state")).isEqualTo("QUEUED");
            assertThat(ffmpegRunning()).isEqualTo(LIMIT);

            for (PipedOutputStream out : bodies) {
                out.write(held, held.length / 2, held.length - held.length / 2);
                out.close();
            }
            for (CompletableFuture<HttpResponse<String>> answer : first) {
                assertThat(answer.join().statusCode()).as(answer.join().body()).isEqualTo(201);
            }
            await(
                    "the bulletin job done",
                    () -> "SUCCEEDED"
                            .equals(editor.get("/api/v1/jobs/" + waitingJob).text("state")));
        } finally {
            if (watch != null) {
                watch.stop();
                // At most limit + 1 ingests, each at most two ffmpeg at once (its render and the verifying decode).
                assertThat(watch.most())
                        .as("ffmpeg at once from the held emergency on")
                        .isLessThanOrEqualTo(2 * (LIMIT + 1));
            }
            senders.shutdownNow();
        }
    }

    /** Streams half of {@code held} to each bulletin's streaming upload and keeps the rest back ({@code bodies}). */
    private List<CompletableFuture<HttpResponse<String>>> holdHalfway(
            String username,
            List<String> bulletins,
            byte[] held,
            List<PipedOutputStream> bodies,
            ExecutorService senders)
            throws IOException {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (String bulletin : bulletins) {
            PipedInputStream in = new PipedInputStream(256 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            bodies.add(out);
            answers.add(CompletableFuture.supplyAsync(
                    () -> send(username, bulletin, HttpRequest.BodyPublishers.ofInputStream(() -> in)), senders));
            out.write(held, 0, held.length / 2);
            out.flush();
        }
        return answers;
    }

    private HttpResponse<String> raise(String username, String title, String areaId, HttpRequest.BodyPublisher body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/emergencies/stream?title="
                                    + URLEncoder.encode(title, StandardCharsets.UTF_8) + "&areaIds=" + areaId
                                    + "&name=ghi.wav"))
                            .header("Authorization", StreamedUploadTest.basic(username))
                            .header("Content-Type", "audio/wav")
                            .POST(body)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bulletin(Api editor, String title) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", title, "category", "thong-bao-ubnd", "body", "Nội dung", "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private HttpResponse<String> send(String username, String bulletin, HttpRequest.BodyPublisher body) {
        try {
            return StreamedUploadTest.put(baseUrl(), username, bulletin, "audio/wav", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** ffmpeg processes of this JVM now (ffprobe, the quick look at headers, is not one). */
    static int ffmpegRunning() {
        return (int) ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
                .count();
    }

    /** Looks at the running ffmpeg processes all the time and keeps the most seen at once. */
    private static final class FfmpegWatch {
        private final AtomicInteger most = new AtomicInteger();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final Thread thread;

        private FfmpegWatch() {
            thread = new Thread(() -> {
                while (watching.get()) {
                    most.accumulateAndGet(ffmpegRunning(), Math::max);
                    try {
                        Thread.sleep(10); // an ffmpeg of an ingest lives a few hundred milliseconds at least
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
        }

        static FfmpegWatch start() {
            FfmpegWatch watch = new FfmpegWatch();
            watch.thread.start();
            return watch;
        }

        int most() {
            return most.get();
        }

        void stop() throws InterruptedException {
            watching.set(false);
            thread.join();
        }
    }

    /** The scratch folders of streamed uploads in progress, and those of the given jobs. */
    private static List<Path> scratch(List<String> jobs) {
        if (!Files.isDirectory(WORK)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(WORK, 2)) {
            return paths.filter(p -> p.getFileName().toString().startsWith("stream-")
                            || jobs.contains(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of(); // a folder removed while walking: look again
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofMinutes(2), condition);
    }
}
