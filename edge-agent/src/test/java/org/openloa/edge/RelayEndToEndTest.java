package org.openloa.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.edge.testing.Plans.at;
import static org.openloa.edge.testing.Plans.manifest;
import static org.openloa.edge.testing.Plans.media;
import static org.openloa.edge.testing.Plans.withPoll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.AgentProcess;
import org.openloa.edge.testing.Audio;
import org.openloa.edge.testing.Icecast;
import org.openloa.edge.testing.StandInCms;
import org.openloa.edge.testing.Tones;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Kind;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.PlayLog;
import org.openloa.protocol.PlayLog.Outcome;
import org.openloa.testing.Await;

/**
 * A relay of a real Icecast mount (Debian's icecast2, a tone pushed by ffmpeg as a studio encoder would), played by
 * the whole agent in its own JVM into the file sink. The source is killed mid-slot: the WAV must carry the area's
 * fallback bulletin within 3 s of the source's sound stopping, then the source again once it is back, and the play
 * log must say what was lost instead of claiming the relay played.
 */
class RelayEndToEndTest {

    static final double SOURCE = 440;
    static final double FALLBACK = 1000;
    static final int WINDOW_MS = 250;

    @TempDir
    Path dir;

    StandInCms cms;
    Icecast icecast;
    AgentProcess agent;

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null) {
            agent.close();
            if (Boolean.getBoolean("openloa.agent.logs")) {
                System.out.println("agent log:\n" + agent.log());
            }
        }
        if (icecast != null) {
            icecast.close();
        }
        if (cms != null) {
            cms.close();
        }
    }

    @Test
    void aSourceKilledMidSlotGivesTheFallbackWithinThreeSecondsThenTheSourceAgainAndAPlayLogWithWhatWasLost()
            throws Exception {
        icecast = Icecast.start(dir.resolve("icecast"));
        icecast.push("/vov1.mp3", SOURCE);
        byte[] fallbackBytes = Audio.sineWav(3000, FALLBACK);
        Media fallback = media("fallback", fallbackBytes, 3000);
        cms = StandInCms.start().device("CODE-1", "d-1", "secret-relay").media("fallback", fallbackBytes);
        Instant start = Instant.now().plusSeconds(45);
        Instant end = start.plusSeconds(40);
        Item relay = new Item(
                "vov1@06",
                at(start),
                at(end),
                Priority.NORMAL,
                Kind.STREAM,
                List.of(),
                icecast.listen("/vov1.mp3").toString(),
                null,
                "fallback",
                null);
        cms.manifest(withPoll(manifest("v1", List.of(relay), List.of(fallback)), 1, 1));
        agent = agent();

        Await.until("the relay is on air", Duration.ofSeconds(120), () -> wav() != null);
        // Six seconds of the source on air (the agent may have started late on a loaded machine), then the cut.
        Thread.sleep(6000);
        Instant cut = icecast.cut();
        Thread.sleep(8000);
        Instant back = Instant.now();
        icecast.push("/vov1.mp3", SOURCE);

        Await.until(
                "the relay's play log reached the server",
                Duration.ofSeconds(60),
                () -> cms.playLogs().stream().anyMatch(l -> l.itemId().equals("vov1@06")));
        PlayLog log = cms.playLogs().stream()
                .filter(l -> l.itemId().equals("vov1@06"))
                .findFirst()
                .orElseThrow();
        assertThat(log.outcome())
                .as("a relay that lost its source is never PLAYED")
                .isEqualTo(Outcome.INTERRUPTED);
        assertThat(log.reason()).contains("source lost for");
        // On a loaded machine a source can also stall for a couple of seconds elsewhere in the slot: that is lost
        // too and must be logged. The cut is the stretch that starts at the cut.
        PlayLog.Lost lost = log.lost().stream()
                .filter(l -> !l.to().toInstant().isBefore(cut))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stretch lost at the cut " + cut + ": " + log.lost()));
        assertThat(Duration.between(cut, lost.from().toInstant()))
                .as("the loss starts at the cut (plus what was buffered): %s", log.lost())
                .isBetween(Duration.ofSeconds(-1), Duration.ofSeconds(3));
        assertThat(Duration.between(back, lost.to().toInstant()))
                .as("and ends once the source is back: %s", log.lost())
                .isBetween(Duration.ZERO, Duration.ofSeconds(10));
        long lostMillis =
                log.lost().stream().mapToLong(l -> l.length().toMillis()).sum();
        assertThat(log.lostSeconds()).isEqualTo((int) Math.ceil(lostMillis / 1000.0));

        List<Double> tones = Tones.dominant(wav(), WINDOW_MS, SOURCE, FALLBACK);
        assertThat(tones).as("the source's tone went out: %s", tones).contains(SOURCE);
        assertThat(tones).as("and the fallback's: %s", tones).contains(FALLBACK);
        // Every time the source's sound stops and the fallback's starts, at most 3 s pass between them.
        int lastSource = -1;
        for (int i = 0; i < tones.size(); i++) {
            if (tones.get(i) == SOURCE) {
                lastSource = i;
            } else if (tones.get(i) == FALLBACK && lastSource >= 0 && tones.get(i - 1) != FALLBACK) {
                assertThat((i - lastSource - 1) * WINDOW_MS)
                        .as("the fallback follows the source's last sound within 3 s (window %d): %s", i, tones)
                        .isLessThanOrEqualTo(3000);
            }
        }
        assertThat(tones.lastIndexOf(SOURCE))
                .as("the source comes back after the fallback: %s", tones)
                .isGreaterThan(tones.lastIndexOf(FALLBACK));
        long fallbackWindows = tones.stream().filter(t -> t == FALLBACK).count();
        assertThat(fallbackWindows * WINDOW_MS)
                .as("the fallback filled the stretches lost: %s", tones)
                .isGreaterThanOrEqualTo(lostMillis - 3000L * log.lost().size());
    }

    /** The relay's recording: the file sink names a stream's WAV "NNNNNN-stream.wav". */
    private Path wav() {
        try (Stream<Path> files = Files.list(dir.resolve("plays"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-stream.wav"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private AgentProcess agent() throws IOException {
        Path config = dir.resolve("agent.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "server.url=" + cms.url(),
                        "enrollment.code=CODE-1",
                        "data.dir=" + dir.resolve("data"),
                        "player=file:" + dir.resolve("plays"),
                        "poll.seconds=1",
                        "heartbeat.seconds=1",
                        ""));
        return AgentProcess.start(config, Map.of(), dir.resolve("agent.log"));
    }
}
