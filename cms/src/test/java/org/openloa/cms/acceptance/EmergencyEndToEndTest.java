package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import org.openloa.cms.alert.CapSamples;
import org.openloa.cms.push.Mosquitto;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

/**
 * The emergency path from outside, all parts real: a cms in its own JVM with Debian's mosquitto, and two edge
 * agents in their own JVMs (file sink) on poles 100 km apart. A CAP Test alert airs nowhere; an Actual alert
 * whose polygon covers one pole goes on air there only, and its Cancel stops it mid-play, with the reason in the
 * box's play log.
 */
@Tag("edge-e2e")
class EmergencyEndToEndTest {

    private static final double LAT = 21.0;
    private static final double EAST_LON = 106.8;
    private static final double WEST_LON = 105.8;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<Process> agents = new ArrayList<>();
    private CmsProcess cms;
    private Mosquitto broker;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process agent : agents) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (cms != null) {
            cms.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aCapAlertAirsWhereItsPolygonFallsAndItsCancelStopsItMidPlay() throws Exception {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        broker = new Mosquitto(Mosquitto.freePort());
        broker.start();
        cms = CmsProcess.on(dir.resolve("cms-data"), dir.resolve("cms.log"))
                .with("--openloa.mqtt.url=" + broker.url())
                .start(Duration.ofSeconds(120));
        Api admin = cms.admin();

        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "K" + s, "Tỉnh Ven Biển " + s, "province", null);
        String commune = TestWorld.area(admin, "K" + s + "-A", "Xã Cửa Sông " + s, "commune", province);
        Api operator = TestWorld.user(admin, "kc" + s, "OPERATOR", commune);
        Box east = box(operator, commune, "Loa bến cá", EAST_LON);
        Box west = box(operator, commune, "Loa chợ", WEST_LON);
        for (Box box : List.of(east, west)) {
            Await.until(
                    box + " enrolled and reporting",
                    Duration.ofSeconds(90),
                    () -> "ONLINE"
                            .equals(operator.get("/api/v1/devices/" + box.id)
                                    .json()
                                    .path("status")
                                    .path("connection")
                                    .asString()));
        }
        String siren = CapSamples.polygonArea(LAT, EAST_LON, 0.1);

        // A drill: stored and shown, on no loudspeaker.
        Api.Response drill = operator.postXml(
                "/api/v1/alerts",
                CapSamples.alert()
                        .status("Exercise")
                        .info("vi-VN", "Immediate", "Extreme", null, "Diễn tập bão", siren)
                        .xml());
        assertThat(drill.status()).as(drill.body()).isEqualTo(202);
        assertThat(drill.json().path("broadcastIds").size()).isZero();

        // The storm: a minute of warning tone sent inside the CAP document, for the eastern pole only.
        byte[] tone = tone(ffmpeg, 60);
        CapSamples storm = CapSamples.alert()
                .infoWith(
                        "vi-VN",
                        "Immediate",
                        "Extreme",
                        null,
                        "Bão số 3 đổ bộ",
                        "<resource><resourceDesc>Còi cảnh báo</resourceDesc><mimeType>audio/mpeg</mimeType>"
                                + "<size>" + tone.length + "</size><derefUri>"
                                + Base64.getEncoder().encodeToString(tone) + "</derefUri></resource>",
                        siren);
        Api.Response aired = operator.postXml("/api/v1/alerts", storm.xml());
        assertThat(aired.status()).as(aired.body()).isEqualTo(202);
        assertThat(aired.json().path("targetedDevices").asInt()).isEqualTo(1);
        String alert = aired.text("id");

        // On air by the box's own note of what plays (the board follows the box's events: see the closing note).
        Await.until(
                "the alert's audio made and its broadcast on air",
                Duration.ofSeconds(90),
                () -> !operator.get("/api/v1/alerts/" + alert)
                        .json()
                        .path("broadcastIds")
                        .path(0)
                        .asString("")
                        .isEmpty());
        String broadcast = operator.get("/api/v1/alerts/" + alert)
                .json()
                .path("broadcastIds")
                .path(0)
                .asString();
        Await.until(
                "the eastern box on air; see " + dir.resolve(east + ".log"),
                Duration.ofSeconds(90),
                () -> read(east.data.resolve("playback.json"))
                        .matches("(?s).*\"playing\"\\s*:\\s*\\{.*" + broadcast + ".*"));
        // The board follows the box's STARTED event, which the agent sends at once, not with its next heartbeat
        // (60 s by the manifest) nor with the play log at the end of the minute of tone.
        Await.until(
                "the board shows the eastern box PLAYING; see " + dir.resolve(east + ".log"),
                Duration.ofSeconds(15),
                () -> "PLAYING".equals(boardState(operator, alert, east)));
        assertThat(boardState(operator, alert, west))
                .as("the western box is not targeted")
                .isNull();

        Api.Response cancel = operator.postXml(
                "/api/v1/alerts",
                CapSamples.alert()
                        .msgType("Cancel")
                        .references(storm)
                        .note("Bão đã suy yếu")
                        .info("vi-VN", "Immediate", "Extreme", null, "Bão số 3 đổ bộ", siren)
                        .xml());
        assertThat(cancel.status()).as(cancel.body()).isIn(200, 202);

        Await.until(
                "the eastern box stops the warning and says so",
                Duration.ofSeconds(40),
                () -> playLogs(operator, east).stream()
                        .anyMatch(l -> "INTERRUPTED".equals(l.path("outcome").asString())));
        JsonNode stopped = playLogs(operator, east).stream()
                .filter(l -> "INTERRUPTED".equals(l.path("outcome").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(stopped.path("reason").asString()).as(stopped.toString()).isNotBlank();
        Instant started = Instant.parse(stopped.path("startedAt").asString());
        Instant ended = Instant.parse(stopped.path("endedAt").asString());
        assertThat(Duration.between(started, ended))
                .as("stopped well before the minute of tone was over")
                .isLessThan(Duration.ofSeconds(50));
        assertThat(playLogs(operator, east))
                .as("no play of the warning ran to its end")
                .noneMatch(l -> "PLAYED".equals(l.path("outcome").asString()));
        assertThat(playLogs(operator, west))
                .as("the western box never played anything")
                .isEmpty();
        assertThat(read(west.data.resolve("manifest.json")))
                .as("the western box was never sent the warning")
                .doesNotContain(broadcast);
    }

    // ------------------------------------------------------------------ the boxes

    record Box(String name, String id, Path data, Path sink) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Box box(Api operator, String areaId, String name, double lon) throws IOException {
        Api.Response created = operator.post(
                "/api/v1/devices", Map.of("name", name, "areaId", areaId, "tags", List.of(), "lat", LAT, "lon", lon));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Path data = Files.createDirectories(dir.resolve(id + "/data"));
        Path sink = Files.createDirectories(dir.resolve(id + "/sink"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OPENLOA_SERVER_URL", cms.url());
        environment.put("OPENLOA_ENROLLMENT_CODE", created.text("enrollmentCode"));
        environment.put("OPENLOA_DATA_DIR", data.toString());
        environment.put("OPENLOA_PLAYER", "file:" + sink);
        environment.put("OPENLOA_HEARTBEAT_SECONDS", "5");
        environment.put("OPENLOA_MQTT_URL", broker.url());
        agents.add(AgentProcess.start(environment, dir.resolve(name + ".log")));
        return new Box(name, id, data, sink);
    }

    /** The device's state on the alert's board, or null when the board does not list it. */
    private static String boardState(Api caller, String alertId, Box box) {
        JsonNode alert = caller.get("/api/v1/alerts/" + alertId).json();
        for (JsonNode row : alert.path("board").path("devices")) {
            if (row.path("deviceId").asString().equals(box.id)) {
                return row.path("state").asString();
            }
        }
        return null;
    }

    private static List<JsonNode> playLogs(Api caller, Box box) {
        Api.Response logs = caller.get("/api/v1/playlogs?deviceId=" + box.id);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        JsonNode json = logs.json();
        (json.isArray() ? json : json.path("items")).forEach(all::add);
        return all;
    }

    private byte[] tone(Path ffmpeg, int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve("siren.mp3");
        Process process = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=880:duration=" + seconds,
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "48k",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        return Files.readAllBytes(out);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
