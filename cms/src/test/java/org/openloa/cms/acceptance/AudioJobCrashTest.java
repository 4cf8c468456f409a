package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * An audio job that a crash cuts off. A real cms JVM processes a long upload; it is killed with SIGKILL while
 * ffmpeg runs. Its ffmpeg dies with it; the restarted cms removes the dead run's work files and starts the job
 * again at once; killed again, the next start fails the job with a reason the editor reads in the API and on
 * the bulletin page, in Vietnamese and in English.
 */
@Tag("crash")
class AudioJobCrashTest {

    /** Long enough that ffmpeg is surely still at work when the process is killed. */
    private static final int SECONDS_OF_AUDIO = 15 * 60;

    /** Generous: a start takes 20 s on an idle machine, minutes on a shared, loaded one. */
    private static final Duration STARTS_WITHIN = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private CmsProcess cms;

    @AfterEach
    void stop() throws InterruptedException {
        if (cms != null) {
            cms.close();
        }
    }

    @Test
    void aJobCutOffByACrashLeavesNoFfmpegNorFilesAndIsStartedAgainOnceThenFailsWithAReason() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        Path recording = dir.resolve("ban-tin-dai.wav");
        Process made = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-nostdin",
                        "-loglevel",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:duration=" + SECONDS_OF_AUDIO,
                        "-ac",
                        "1",
                        "-ar",
                        "44100",
                        "-y",
                        recording.toString())
                .inheritIO()
                .start();
        assertThat(made.waitFor()).isZero();

        Path data = dir.resolve("cms-data");
        Path work = data.resolve("work");
        cms = CmsProcess.on(data, dir.resolve("cms.log")).start(STARTS_WITHIN);
        Api admin = cms.admin();
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "J" + s, "Tỉnh Gián Đoạn " + s, "province", null);
        String commune = TestWorld.area(admin, "J" + s + "-A", "Xã Gián Đoạn " + s, "commune", province);
        String editorName = "bt" + s;
        Api editor = TestWorld.user(admin, editorName, "EDITOR", commune);
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of(
                        "title", "Bản tin dài " + s,
                        "category", "thong-bao-ubnd",
                        "body", "Nội dung",
                        "areaId", commune,
                        "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String bulletin = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + bulletin + "/audio",
                "file",
                "ban-tin-dai.wav",
                Files.readAllBytes(recording),
                "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        String job = upload.text("id");

        // 1. Killed while ffmpeg works on the job: ffmpeg goes with it.
        List<ProcessHandle> children = awaitFfmpegAtWork(editor, job);
        Path firstRun = onlyWorkFolder(work);
        cms.kill();
        for (ProcessHandle child : children) {
            Await.until("ffmpeg " + child.pid() + " ends with cms", Duration.ofSeconds(5), () -> !running(child.pid()));
        }
        assertThat(firstRun)
                .as("the dead run's work files are still there before the restart")
                .exists();

        // 2. The restart sweeps the dead run's files and starts the job again at once.
        cms.start(STARTS_WITHIN);
        Await.until("the dead run's work files removed", Duration.ofSeconds(10), () -> !Files.exists(firstRun));
        children = awaitFfmpegAtWork(editor, job);
        cms.kill();
        for (ProcessHandle child : children) {
            Await.until("ffmpeg " + child.pid() + " ends with cms", Duration.ofSeconds(5), () -> !running(child.pid()));
        }

        // 3. Cut off twice: the job fails at the next start, and says why.
        cms.start(STARTS_WITHIN);
        Await.until(
                "the job failed at the start",
                Duration.ofSeconds(30),
                () -> "FAILED".equals(editor.get("/api/v1/jobs/" + job).text("state")));
        Api.Response failed = editor.get("/api/v1/jobs/" + job);
        assertThat(failed.text("errorCode")).isEqualTo("INTERRUPTED");
        assertThat(failed.text("error")).contains("gián đoạn hai lần");
        assertThat(editor.language("en").get("/api/v1/jobs/" + job).text("error"))
                .contains("cut off twice");
        assertThat(bulletinPage(editorName, bulletin)).contains("gián đoạn hai lần");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.filter(folder -> !isEmptyTree(folder)))
                    .as("no work files of dead runs")
                    .isEmpty();
        }
    }

    /** Waits until the job runs and cms has ffmpeg children; answers them. */
    private List<ProcessHandle> awaitFfmpegAtWork(Api editor, String job) throws InterruptedException {
        ProcessHandle server = ProcessHandle.of(cms.pid()).orElseThrow();
        Await.until(
                "the job running ffmpeg",
                Duration.ofSeconds(180),
                () -> "RUNNING".equals(editor.get("/api/v1/jobs/" + job).text("state"))
                        && !ffmpegChildren(server).isEmpty());
        return ffmpegChildren(server);
    }

    private static List<ProcessHandle> ffmpegChildren(ProcessHandle server) {
        return server.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                .toList();
    }

    private static Path onlyWorkFolder(Path work) throws IOException {
        try (Stream<Path> nodes = Files.list(work)) {
            List<Path> folders = nodes.toList();
            assertThat(folders).as("one node's work folder").hasSize(1);
            return folders.get(0);
        }
    }

    private static boolean isEmptyTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.noneMatch(Files::isRegularFile);
        } catch (IOException e) {
            return false;
        }
    }

    /** Alive and not a zombie (a killed child nobody has reaped yet is no longer running). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** The bulletin's page as the editor sees it after signing in through the login form. */
    private String bulletinPage(String username, String bulletin) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        String login = browser.send(
                        HttpRequest.newBuilder(URI.create(cms.url() + "/login"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestWorld.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        browser.send(
                HttpRequest.newBuilder(URI.create(cms.url() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> page = browser.send(
                HttpRequest.newBuilder(URI.create(cms.url() + "/bulletins/" + bulletin))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }
}
