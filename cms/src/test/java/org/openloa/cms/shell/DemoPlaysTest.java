package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The demo plays: with the {@code demo} profile the sample bulletins get their audio (spoken by espeak-ng) and are
 * approved by the system, the daily schedule follows, and the simulated loudspeakers (in-process edge agents)
 * enrol, report and play: a broadcast placed a minute ahead comes back as a play log. Tagged media: it needs the
 * server's TTS and ffmpeg, and once (on H2) is enough.
 */
@ActiveProfiles("demo")
@Tag("media")
// Closed after the class: its in-process loudspeakers would otherwise keep polling beside the tests that follow.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DemoPlaysTest extends ServerTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Value("${openloa.data-dir:./data}")
    Path dataDir;

    @Test
    void theDemoHasApprovedBulletinsWithAudioAScheduleAndLoudspeakersThatPlay() throws InterruptedException {
        Api admin = api.as("tinh.quantri", "openloa-demo");
        Api operator = api.as("camlo.vanhanh", "openloa-demo");

        Await.until(
                "the three sample bulletins are approved",
                LIMIT,
                () -> demoBulletins(admin).size() == 3);
        for (JsonNode bulletin : demoBulletins(admin)) {
            assertThat(bulletin.path("audio").path("assetId").asString())
                    .as(bulletin.path("title").asString() + " has audio")
                    .isNotBlank();
        }
        Await.until(
                "the daily schedule is in the commune",
                LIMIT,
                () -> titles(operator.get("/api/v1/broadcasts?size=50")).contains("Bản tin hằng ngày"));
        assertThat(titles(operator.get("/api/v1/broadcasts?size=50")))
                .contains("Bản tin 10 phút (1/3)", "Bản tin 10 phút (2/3)", "Bản tin 10 phút (3/3)");

        // The commune operator sees the box in Cam Lộ: enrolled by its in-process agent, reporting (heartbeat).
        JsonNode box = operator.get("/api/v1/devices")
                .json()
                .valueStream()
                .filter(d -> d.path("name").asString().startsWith("Loa demo"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no demo loudspeaker in Cam Lộ"));
        String deviceId = box.path("id").asString();
        Await.until(
                "the demo loudspeaker enrols and reports",
                LIMIT,
                () -> "ONLINE"
                        .equals(operator.get("/api/v1/devices/" + deviceId)
                                .json()
                                .path("status")
                                .path("connection")
                                .asString()));

        // A broadcast a minute ahead (clear of the every-ten-minutes slots at :05, :15…) plays and is logged.
        String bulletinId = demoBulletins(admin).get(0).path("id").asString();
        OffsetDateTime at = aMinuteAheadClearOfTheDemoSlots();
        Map<String, Object> body = new HashMap<>(Scheduling.playing(
                List.of(bulletinId), List.of(box.path("areaId").asString()), Scheduling.once(at.toString())));
        // The commune's own broadcast (a province's NORMAL one would wait for the commune to accept it), made by the
        // provincial administrator, who reaches the province's bulletins.
        body.put("areaId", box.path("areaId").asString());
        body.put("priority", "NORMAL");
        String broadcastId = Scheduling.create(admin, body).path("id").asString();
        // The limit counts from the broadcast's start: clearing the demo's slots may put it up to five minutes ahead.
        // What is read on each ask says, on a failure, where the play got stuck: the server's view of the box and
        // its logs of this broadcast, and the boxes' own record of what they played and what the server refused.
        Await.until(
                "the demo loudspeaker plays the broadcast at " + at + " and logs it",
                Duration.between(Instant.now(), at.toInstant()).plus(LIMIT),
                () -> new Reading(
                        playLogs(operator, deviceId).stream()
                                .filter(l -> l.path("itemId").asString().contains(broadcastId))
                                .map(l -> l.path("outcome").asString() + " "
                                        + l.path("reason").asString())
                                .toList(),
                        operator.get("/api/v1/devices/" + deviceId).json().path("status"),
                        boxes()),
                reading -> reading.logs().stream().anyMatch(l -> l.startsWith("PLAYED")));
    }

    /** One look at the demo loudspeaker, for the failure message. */
    private record Reading(List<String> logs, JsonNode status, String boxes) {}

    /** Each demo box's own record: what it played (its sink's log) and which reports the server refused. */
    private String boxes() {
        Path home = dataDir.resolve("demo-boxes");
        StringBuilder seen = new StringBuilder();
        try (Stream<Path> boxes = Files.list(home)) {
            for (Path box : boxes.sorted().toList()) {
                seen.append("\n  ").append(box.getFileName()).append(": plays ");
                Path plays = box.resolve("sink").resolve("plays.log");
                seen.append(Files.exists(plays) ? Files.readAllLines(plays) : List.of());
                Path rejected = box.resolve("outbox").resolve("rejected");
                if (Files.isDirectory(rejected)) {
                    try (Stream<Path> refused = Files.list(rejected)) {
                        seen.append(", refused ")
                                .append(refused.map(p -> p.getFileName().toString())
                                        .toList());
                    }
                }
            }
        } catch (IOException e) {
            seen.append(" (cannot read ")
                    .append(home)
                    .append(": ")
                    .append(e.getMessage())
                    .append(')');
        }
        return seen.toString();
    }

    private static List<JsonNode> demoBulletins(Api caller) {
        Api.Response page = caller.get("/api/v1/bulletins?status=APPROVED&size=50");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        page.json().path("bulletins").forEach(b -> {
            if ("system".equals(b.path("author").asString())) {
                found.add(b);
            }
        });
        return found;
    }

    private static List<String> titles(Api.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        page.json().path("broadcasts").forEach(b -> titles.add(b.path("title").asString()));
        return titles;
    }

    private static List<JsonNode> playLogs(Api caller, String deviceId) {
        Api.Response logs = caller.get("/api/v1/playlogs?deviceId=" + deviceId);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        JsonNode json = logs.json();
        (json.isArray() ? json : json.path("items")).forEach(all::add);
        return all;
    }

    private static OffsetDateTime aMinuteAheadClearOfTheDemoSlots() {
        OffsetDateTime at =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        while (at.getMinute() % 10 >= 3 && at.getMinute() % 10 <= 7) {
            at = at.plusMinutes(1);
        }
        return at;
    }
}
