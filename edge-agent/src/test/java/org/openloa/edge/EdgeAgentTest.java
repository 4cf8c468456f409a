package org.openloa.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.edge.testing.Plans.audio;
import static org.openloa.edge.testing.Plans.command;
import static org.openloa.edge.testing.Plans.manifest;
import static org.openloa.edge.testing.Plans.media;
import static org.openloa.edge.testing.Plans.withCommands;
import static org.openloa.edge.testing.Plans.withPoll;
import static org.openloa.edge.testing.Plans.withWithdrawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.AgentProcess;
import org.openloa.edge.testing.Audio;
import org.openloa.edge.testing.Mosquitto;
import org.openloa.edge.testing.Plans;
import org.openloa.edge.testing.StandInCms;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.CommandType;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.PlayLog;
import org.openloa.testing.Await;

/**
 * The whole agent in its own JVM, started the way installers start it (a config file plus the
 * environment), against the stand-in cms over real HTTP, playing into the file sink.
 */
class EdgeAgentTest {

    static final Pattern STARTED = Pattern.compile("started=(\\S+) .*item=(\\S+)");

    @TempDir
    Path dir;

    StandInCms cms;
    final List<AgentProcess> agents = new java.util.ArrayList<>();

    byte[] newsBytes = Audio.sineWav(1000, 440);
    byte[] weatherBytes = Audio.sineWav(1000, 660);
    Media news = media("news", newsBytes, 1000);
    Media weather = media("weather", weatherBytes, 1000);

    @BeforeEach
    void standInCms() throws IOException {
        cms = StandInCms.start()
                .device("CODE-1", "d-1", "secret-e2e")
                .media("news", newsBytes)
                .media("weather", weatherBytes);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (AgentProcess agent : agents) {
            agent.close();
            // -Dopenloa.agent.logs=true prints each agent's log, for a failure on a machine you cannot look at.
            if (Boolean.getBoolean("openloa.agent.logs")) {
                System.out.println("agent log:\n" + agent.log());
            }
        }
        cms.close();
    }

    @Test
    void itEnrolsPollsDownloadsPlaysOnTimeAndReportsWhatItPlayed() throws Exception {
        // Far enough ahead for a JVM to start, enrol, poll and download on a loaded 2-core CI machine.
        Instant start = Instant.now().plusSeconds(15);
        cms.manifest(withPoll(
                manifest(
                        "v1",
                        List.of(audio("morning", start, start.plusSeconds(10), Priority.NORMAL, "news")),
                        List.of(news)),
                1,
                1));

        AgentProcess agent = agent(Map.of());

        Await.until("the item played", Duration.ofSeconds(45), () -> plays().size() == 1);
        Instant played = Instant.parse(plays().get(0).get("started"));
        assertThat(Duration.between(start, played).abs())
                .as("plays at its start, ±1 s")
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
        Await.until(
                "its play log reached the server",
                Duration.ofSeconds(15),
                () -> cms.playLogs().stream()
                        .anyMatch(log -> log.itemId().equals("morning") && log.outcome() == PlayLog.Outcome.PLAYED));
        Await.until(
                "a heartbeat with the plan cached",
                Duration.ofSeconds(10),
                () -> cms.heartbeats().stream().anyMatch(h -> "v1".equals(h.manifestVersion()) && h.cacheComplete()));

        assertThat(cms.requests("/edge/v1/enroll")).hasSize(1);
        assertThat(cms.requests("/edge/v1/manifest"))
                .extracting(r -> r.headers().get("if-none-match"))
                .as("after the first answer, polls ask with the ETag")
                .contains("\"v1\"");
        assertThat(Files.getPosixFilePermissions(dir.resolve("data/credential.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(agent.stop()).isIn(0, 143);
        assertThat(agent.log()).doesNotContain("secret-e2e").doesNotContain("CODE-1");
    }

    @Test
    void itKeepsPlayingItsCachedPlanWhileTheServerIsDownAndDeliversEveryPlayLogOnceAfterAKillAndARestart()
            throws Exception {
        Instant first = Instant.now().plusSeconds(15);
        Instant second = first.plusSeconds(4);
        Manifest plan = withPoll(
                manifest(
                        "v1",
                        List.of(
                                audio("first", first, first.plusSeconds(3), Priority.NORMAL, "news"),
                                audio("second", second, second.plusSeconds(3), Priority.NORMAL, "weather")),
                        List.of(news, weather)),
                1,
                1);
        cms.manifest(plan);
        AgentProcess agent = agent(Map.of());
        Await.until(
                "the plan cached",
                Duration.ofSeconds(15),
                () -> cms.heartbeats().stream().anyMatch(Heartbeat::cacheComplete));
        int port = cms.port();

        cms.close();
        Await.until("both items played with the server down", Duration.ofSeconds(45), () -> plays().size() == 2);
        Await.until("both play logs kept in the outbox", Duration.ofSeconds(5), () -> outboxed("playlog") == 2);
        agent.kill9();

        cms = StandInCms.start(port).enrolled("d-1", "secret-e2e").manifest(plan);
        agent(Map.of());
        Await.until(
                "both play logs delivered",
                Duration.ofSeconds(20),
                () -> cms.playLogs().stream()
                                .filter(log -> log.outcome() == PlayLog.Outcome.PLAYED)
                                .count()
                        == 2);

        assertThat(cms.playLogs()).extracting(PlayLog::itemId).containsExactlyInAnyOrder("first", "second");
        assertThat(cms.playLogReceipts().values()).allMatch(count -> count == 1);
        assertThat(plays()).extracting(p -> p.get("item")).containsExactly("first", "second");
        assertThat(cms.requests("/edge/v1/media/news"))
                .as("nothing downloaded again")
                .isEmpty();
    }

    @Test
    void aBrokerThatIsDownNeverStopsPolling() throws Exception {
        cms.manifest(withPoll(manifest("v1", List.of(), List.of()), 1, 60));

        agent(Map.of("OPENLOA_MQTT_URL", "tcp://127.0.0.1:" + Mosquitto.freePort()));

        Await.until(
                "three polls",
                Duration.ofSeconds(15),
                () -> cms.requests("/edge/v1/manifest").size() >= 3);
    }

    @Test
    void anMqttWakeMakesItPollAtOnce() throws Exception {
        cms.manifest(withPoll(manifest("v1", List.of(), List.of()), 600, 600));
        try (Mosquitto broker = Mosquitto.start(Mosquitto.freePort(), dir.resolve("mosquitto.log"))) {
            AgentProcess agent = agent(Map.of("OPENLOA_MQTT_URL", broker.url().toString()));
            // The plan, then a probe for long polls (this stand-in does not hold them): then ten minutes of quiet.
            Await.until(
                    "the first polls",
                    Duration.ofSeconds(15),
                    () -> cms.requests("/edge/v1/manifest").size() == 2);
            Await.until("subscribed", Duration.ofSeconds(15), () -> agent.log().contains("mqtt: listening on"));

            cms.manifest(withPoll(manifest("v2", List.of(), List.of()), 600, 600));
            broker.publish("openloa/devices/d-1/wake", "{\"reason\":\"plan changed\"}");

            Await.until(
                    "a poll right after the wake",
                    Duration.ofSeconds(5),
                    () -> cms.requests("/edge/v1/manifest").size() == 3);
            Await.until(
                    "the new plan taken",
                    Duration.ofSeconds(5),
                    () -> agent.log().contains("manifest v2"));
        }
    }

    @Test
    void aWakeAnsweredWithTheOldPlanIsFollowedByOneMorePollShortlyAfter() throws Exception {
        // bench/fleet saw it: boxes woken a moment before the manifest they asked for held the emergency got a 304,
        // and then waited a whole poll interval (here ten minutes). A wake means the plan changed: one more look.
        Manifest v1 = withPoll(manifest("v1", List.of(), List.of()), 600, 600);
        cms.manifest(v1);
        try (Mosquitto broker = Mosquitto.start(Mosquitto.freePort(), dir.resolve("mosquitto.log"))) {
            AgentProcess agent = agent(Map.of("OPENLOA_MQTT_URL", broker.url().toString()));
            Await.until(
                    "the first polls",
                    Duration.ofSeconds(60),
                    () -> cms.requests("/edge/v1/manifest").size() == 2);
            Await.until("subscribed", Duration.ofSeconds(60), () -> agent.log().contains("mqtt: listening on"));

            cms.manifest(withPoll(manifest("v2", List.of(), List.of()), 600, 600))
                    .staleOnce(v1);
            broker.publish("openloa/devices/d-1/wake", "{\"reason\":\"plan changed\"}");

            Await.until(
                    "the new plan taken after the stale answer",
                    Duration.ofSeconds(20),
                    () -> agent.log().contains("manifest v2"));
            assertThat(cms.requests("/edge/v1/manifest"))
                    .as("the woken poll (304), then one more")
                    .hasSize(4);
        }
    }

    @Test
    void commandsRunOnceEvenRestartAgentWhichExitsForTheServiceManagerToStartItAgain() throws Exception {
        cms.manifest(withCommands(
                withPoll(manifest("v1", List.of(), List.of()), 1, 1),
                "v1",
                command("c-1", CommandType.SET_VOLUME, Map.of("volume", "35")),
                command("c-2", CommandType.RESTART_AGENT, Map.of())));

        AgentProcess first = agent(Map.of());
        Await.until("the agent exited", Duration.ofSeconds(20), () -> !first.alive());

        assertThat(first.exitValue()).isEqualTo(EdgeAgent.EXIT_RESTART);
        assertThat(cms.heartbeats())
                .anySatisfy(h -> assertThat(h.commandsDone()).contains("c-1", "c-2"));

        int heartbeatsBefore = cms.heartbeats().size();
        AgentProcess second = agent(Map.of());
        Await.until(
                "two more heartbeats",
                Duration.ofSeconds(15),
                () -> cms.heartbeats().size() >= heartbeatsBefore + 2);

        assertThat(second.alive()).as("RESTART_AGENT did not run again").isTrue();
        assertThat(cms.heartbeats().get(cms.heartbeats().size() - 1).volume()).isEqualTo(35);
    }

    @Test
    void aHeldPollBringsANewEmergencyAtOnceItsMediaFirstAndItsEventsReachTheServerOnceEvenAcrossARestart()
            throws Exception {
        cms.holdPolls(true);
        // Without the long poll this agent would not ask again for ten minutes.
        cms.manifest(withPoll(manifest("v1", List.of(), List.of()), 600, 1));
        AgentProcess first = agent(Map.of());
        Await.until("a poll held by the server", Duration.ofSeconds(30), () -> cms.pollsHeld() == 1);
        Thread.sleep(1000);

        Instant now = Instant.now();
        cms.manifest(withPoll(
                manifest(
                        "v2",
                        List.of(
                                audio("bulletin", now.plusSeconds(2), now.plusSeconds(60), Priority.NORMAL, "weather"),
                                audio("flood", now.plusSeconds(3), now.plusSeconds(60), Priority.EMERGENCY, "news")),
                        List.of(news, weather)),
                600,
                1));

        Await.until(
                "the emergency played",
                Duration.ofSeconds(30),
                () -> plays().stream().anyMatch(p -> p.get("item").equals("flood")));
        assertThat(cms.requests().stream()
                        .map(StandInCms.Request::path)
                        .filter(p -> p.startsWith("/edge/v1/media/"))
                        .toList())
                .as("the emergency's media first, though the bulletin starts sooner")
                .startsWith("/edge/v1/media/news");
        List<ItemEvent.Type> steps =
                List.of(ItemEvent.Type.RECEIVED, ItemEvent.Type.READY, ItemEvent.Type.STARTED, ItemEvent.Type.ENDED);
        Await.until(
                "received, ready, started and ended reported",
                Duration.ofSeconds(20),
                () -> cms.events().stream().map(ItemEvent::type).toList().containsAll(steps));
        assertThat(first.stop()).isIn(0, 143);

        int polls = cms.requests("/edge/v1/manifest").size();
        AgentProcess second = agent(Map.of());
        Await.until(
                "the restarted agent polled and reported",
                Duration.ofSeconds(30),
                () -> cms.requests("/edge/v1/manifest").size() > polls
                        && cms.heartbeats().size() > 2);
        Await.until("its poll held", Duration.ofSeconds(30), () -> cms.pollsHeld() == 1);
        second.stop();

        assertThat(cms.events())
                .as("each step once, the restart included; normal items are not reported")
                .allMatch(e -> e.itemId().equals("flood"))
                .extracting(ItemEvent::type)
                .containsExactlyElementsOf(steps);
        assertThat(cms.requests("/edge/v1/manifest"))
                .filteredOn(r -> r.headers().containsKey("if-none-match"))
                .allSatisfy(r -> assertThat(r.headers()).containsEntry("prefer", "wait=30"));
    }

    @Test
    void aServerThatDoesNotHoldPollsIsPolledEveryPollSecondsAsBefore() throws Exception {
        cms.manifest(withPoll(manifest("v1", List.of(), List.of()), 600, 1));
        agent(Map.of());
        Await.until(
                "the plan and the probe",
                Duration.ofSeconds(30),
                () -> cms.requests("/edge/v1/manifest").size() == 2);
        int heartbeats = cms.heartbeats().size();

        // Heartbeats every second show the agent is alive and its loops turn; polls must not follow them.
        Await.until(
                "five more heartbeats",
                Duration.ofSeconds(30),
                () -> cms.heartbeats().size() >= heartbeats + 5);

        assertThat(cms.requests("/edge/v1/manifest"))
                .as("no Preference-Applied: the next poll waits pollSeconds (600 s)")
                .hasSize(2);
        assertThat(cms.requests("/edge/v1/manifest").get(1).headers()).containsEntry("prefer", "wait=30");
    }

    @Test
    void anEmergencyThatReachesTheBoxAfterItsEndIsReportedLateNotLeftUnreported() throws Exception {
        cms.manifest(withPoll(manifest("v1", List.of(), List.of()), 1, 1));
        agent(Map.of());
        Await.until(
                "the first plan",
                Duration.ofSeconds(30),
                () -> !cms.heartbeats().isEmpty());

        Instant ended = Instant.now().minusSeconds(39);
        cms.manifest(withPoll(
                manifest(
                        "v2",
                        List.of(audio("flood", ended.minusSeconds(8), ended, Priority.EMERGENCY, "news")),
                        List.of(news)),
                1,
                1));

        Await.until(
                "late reported",
                Duration.ofSeconds(20),
                () -> cms.events().stream().anyMatch(e -> e.type() == ItemEvent.Type.LATE));
        Await.until(
                "its play log", Duration.ofSeconds(20), () -> !cms.playLogs().isEmpty());
        assertThat(cms.playLogs()).singleElement().satisfies(l -> {
            assertThat(l.itemId()).isEqualTo("flood");
            assertThat(l.outcome()).isEqualTo(PlayLog.Outcome.SKIPPED);
            assertThat(l.reason()).isEqualTo("late: arrived after its end");
        });
        assertThat(cms.events())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("late: arrived after its end"));
        assertThat(plays()).isEmpty();
    }

    @Test
    void anEmergencyStartsOnItsFirstVerifiedFileAndSkipsALaterOneStillDownloading() throws Exception {
        byte[] slowBytes = Audio.sineWav(1000, 550);
        Media slow = media("slow", slowBytes, 1000);
        cms.media("slow", slowBytes).holdMedia("slow");
        Instant now = Instant.now();
        cms.manifest(withPoll(
                manifest(
                        "v1",
                        List.of(audio("flood", now, now.plusSeconds(120), Priority.EMERGENCY, "news", "slow", "news")),
                        List.of(news, slow)),
                1,
                1));

        agent(Map.of());

        Await.until(
                "the first and the third file played, the second skipped",
                Duration.ofSeconds(45),
                () -> cms.playLogs().stream()
                                .filter(l -> l.mediaId().equals("news") && l.outcome() == PlayLog.Outcome.PLAYED)
                                .count()
                        == 2);
        assertThat(cms.playLogs())
                .filteredOn(l -> l.mediaId().equals("slow"))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.outcome()).isEqualTo(PlayLog.Outcome.SKIPPED);
                    assertThat(l.reason()).isEqualTo("not in the cache (not downloaded yet)");
                });
        assertThat(cms.requests("/edge/v1/media/slow"))
                .as("its download was under way all along, held by the server")
                .hasSize(1);
        assertThat(plays()).extracting(p -> p.get("media")).containsExactly("news", "news");
        cms.release("slow");
    }

    @Test
    void aWithdrawnEmergencyStopsMidPlayAndIsLoggedInterruptedWithTheOperatorsReasonOnce() throws Exception {
        byte[] longBytes = Audio.sineWav(20_000, 440);
        Media warning = media("warning", longBytes, 20_000);
        cms.media("warning", longBytes).holdPolls(true);
        Instant now = Instant.now();
        Manifest plan = withPoll(
                manifest(
                        "v1",
                        List.of(audio("flood", now, now.plusSeconds(120), Priority.EMERGENCY, "warning")),
                        List.of(warning)),
                600,
                1);
        cms.manifest(plan);
        AgentProcess agent = agent(Map.of());
        Await.until(
                "on air",
                Duration.ofSeconds(45),
                () -> cms.events().stream().anyMatch(e -> e.type() == ItemEvent.Type.STARTED));

        cms.manifest(withWithdrawn(
                withPoll(manifest("v2", List.of(), List.of()), 600, 1),
                "v2",
                new Manifest.Withdrawal("flood", "stopped by operator: false alarm", Plans.at(Instant.now()))));

        Await.until(
                "its play log",
                Duration.ofSeconds(15),
                () -> cms.playLogs().stream().anyMatch(l -> l.itemId().equals("flood")));
        Await.until(
                "ended reported",
                Duration.ofSeconds(15),
                () -> cms.events().stream().anyMatch(e -> e.type() == ItemEvent.Type.ENDED));
        assertThat(agent.stop()).isIn(0, 143);

        assertThat(cms.playLogs()).singleElement().satisfies(l -> {
            assertThat(l.itemId()).isEqualTo("flood");
            assertThat(l.outcome()).isEqualTo(PlayLog.Outcome.INTERRUPTED);
            assertThat(l.reason()).isEqualTo("stopped by operator: false alarm");
            assertThat(l.endedAt()).isNotNull();
        });
        assertThat(plays())
                .singleElement()
                .satisfies(p -> assertThat(p.get("result")).isEqualTo("stopped"));
    }

    @Test
    void anItemEventTheServerFailedIsSentAgainWithinSecondsNotWithTheNextHeartbeatOrPoll() throws Exception {
        // The board lag of EmergencyEndToEndTest, made certain: the server fails the first events POST, and then
        // nothing else would carry the outbox for a minute (polls held 60 s, a heartbeat every 10 minutes). The
        // box used to send new entries only while its last exchange had worked, so STARTED waited for the end
        // of the hold or the next heartbeat, and the board showed the box on air only after the warning was over.
        byte[] longBytes = Audio.sineWav(20_000, 440);
        Media warning = media("warning", longBytes, 20_000);
        cms.media("warning", longBytes).holdPolls(true).events(503);
        Instant now = Instant.now();
        cms.manifest(withPoll(
                manifest(
                        "v1",
                        List.of(audio(
                                "flood", now.plusSeconds(4), now.plusSeconds(120), Priority.EMERGENCY, "warning")),
                        List.of(warning)),
                600,
                600));
        AgentProcess agent = agent(Map.of("OPENLOA_POLL_WAIT_SECONDS", "600", "OPENLOA_HEARTBEAT_SECONDS", "600"));
        Await.until(
                "the first events POST refused",
                Duration.ofSeconds(30),
                () -> !cms.requests("/edge/v1/events").isEmpty());
        cms.events(204);

        Await.until(
                "STARTED reported",
                Duration.ofSeconds(30),
                () -> cms.events().stream().anyMatch(e -> e.type() == ItemEvent.Type.STARTED));
        assertThat(cms.events())
                .as("STARTED while the 20 s warning is still on air, RECEIVED and READY retried before it")
                .extracting(ItemEvent::type)
                .containsExactly(ItemEvent.Type.RECEIVED, ItemEvent.Type.READY, ItemEvent.Type.STARTED);
        assertThat(agent.stop()).isIn(0, 143);
    }

    /**
     * An agent with a config file whose server.url is wrong on purpose: the environment's
     * OPENLOA_SERVER_URL must win.
     */
    private AgentProcess agent(Map<String, String> extra) throws IOException {
        Path config = dir.resolve("agent.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "server.url=http://127.0.0.1:9",
                        "data.dir=" + dir.resolve("data"),
                        "player=file:" + dir.resolve("plays"),
                        "poll.seconds=1",
                        "heartbeat.seconds=1",
                        "playback.late.seconds=2",
                        ""));
        Map<String, String> environment =
                new HashMap<>(Map.of("OPENLOA_SERVER_URL", cms.url().toString(), "OPENLOA_ENROLLMENT_CODE", "CODE-1"));
        environment.putAll(extra);
        AgentProcess agent = AgentProcess.start(config, environment, dir.resolve("agent-" + agents.size() + ".log"));
        agents.add(agent);
        return agent;
    }

    /** Entries of a kind waiting in the agent's outbox on disk. */
    private long outboxed(String kind) {
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("data/outbox"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-" + kind + ".json"))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** plays.log, one map per line. */
    private List<Map<String, String>> plays() {
        Path log = dir.resolve("plays/plays.log");
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream()
                    .map(line -> {
                        Map<String, String> fields = new HashMap<>();
                        Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(line);
                        while (m.find()) {
                            fields.put(m.group(1), m.group(2));
                        }
                        return fields;
                    })
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
