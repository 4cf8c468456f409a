package org.openloa.edge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.testing.StandInCms;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.PlayLog;

/** The outbox against a stand-in cms over real HTTP, with real files. */
class OutboxTest {

    @TempDir
    Path dir;

    StandInCms cms;
    CmsLink link;

    @BeforeEach
    void standInCms() throws IOException {
        cms = StandInCms.start().enrolled("d-1", "secret-1");
        link = new CmsLink(cms.url(), new ServerClock(Clock.systemUTC()), Duration.ofSeconds(5), "test");
        link.authenticate("secret-1");
    }

    @AfterEach
    void stop() {
        cms.close();
    }

    @Test
    void entriesSurviveARestartOfTheOutbox() throws IOException {
        Outbox before = Outbox.open(dir, 100);
        before.add(playLog("a"));
        before.add(playLog("b"));
        before.add(heartbeat());
        Files.writeString(dir.resolve(".0000000000000000009-playlog.json12345.tmp"), "{\"id\":"); // a crash mid-write

        Outbox after = Outbox.open(dir, 100);

        assertThat(after.size()).isEqualTo(3);
        assertThat(after.oldest(Outbox.Kind.PLAYLOG, 10))
                .extracting(e -> e.file().getFileName().toString())
                .containsExactly("0000000000000000001-playlog.json", "0000000000000000002-playlog.json");
        assertThat(files()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void eachEntryIsDeliveredOnceAndThenRemoved() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        PlayLog a = playLog("a");
        PlayLog b = playLog("b");
        outbox.add(a);
        outbox.add(b);
        outbox.add(heartbeat());
        OutboxSender sender = new OutboxSender(outbox, link);

        sender.flush();
        sender.flush();

        assertThat(cms.playLogs()).containsExactly(a, b);
        assertThat(cms.heartbeats()).hasSize(1);
        assertThat(cms.requests("/edge/v1/playlogs")).hasSize(1);
        assertThat(outbox.size()).isZero();
        assertThat(files()).isEmpty();
    }

    @Test
    void aFailedSendKeepsTheEntriesAndTheyGoOutOnceAfterARestart() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        PlayLog a = playLog("a");
        outbox.add(a);
        cms.deliveries(503);

        assertThatThrownBy(() -> new OutboxSender(outbox, link).flush()).hasMessageContaining("503");
        assertThat(outbox.size()).isEqualTo(1);

        cms.deliveries(200);
        Outbox restarted = Outbox.open(dir, 100);
        new OutboxSender(restarted, link).flush();

        assertThat(cms.playLogs()).containsExactly(a);
        assertThat(restarted.size()).isZero();
    }

    @Test
    void aServerThatIsDownLosesNothing() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        outbox.add(playLog("a"));
        cms.close();

        assertThatThrownBy(() -> new OutboxSender(outbox, link).flush()).isInstanceOf(IOException.class);
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void playLogsGoInBatchesOfAtMostFifty() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        for (int i = 0; i < 120; i++) {
            outbox.add(playLog("item-" + i));
        }

        new OutboxSender(outbox, link).flush();

        assertThat(cms.requests("/edge/v1/playlogs")).hasSize(3);
        assertThat(cms.playLogs()).hasSize(120);
        assertThat(cms.playLogs())
                .extracting(PlayLog::itemId)
                .startsWith("item-0", "item-1")
                .endsWith("item-119");
        assertThat(cms.playLogReceipts().values()).allMatch(count -> count == 1);
    }

    @Test
    void anEntryTheServerRefusesAsMalformedIsSetAsideSoItBlocksNothing() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        outbox.add(playLog("a"));
        outbox.add(playLog("b"));
        cms.deliveries(422);

        new OutboxSender(outbox, link).flush();

        assertThat(outbox.size()).isZero();
        try (Stream<Path> rejected = Files.list(dir.resolve("rejected"))) {
            assertThat(rejected).hasSize(2);
        }
    }

    @Test
    void aDamagedEntryIsSetAsideAndTheRestAreDelivered() throws Exception {
        Outbox outbox = Outbox.open(dir, 100);
        outbox.add(playLog("a"));
        PlayLog b = playLog("b");
        outbox.add(b);
        Files.writeString(outbox.oldest(Outbox.Kind.PLAYLOG, 1).get(0).file(), "{\"id\": \"a\", \"item");

        new OutboxSender(outbox, link).flush();

        assertThat(cms.playLogs()).containsExactly(b);
        assertThat(dir.resolve("rejected").resolve("0000000000000000001-playlog.json"))
                .exists();
    }

    @Test
    void heartbeatsQueuedOfflineAreCappedOldestFirstButPlayLogsNeverAre() throws Exception {
        Outbox outbox = Outbox.open(dir, 3);
        List<Heartbeat> beats = Stream.generate(OutboxTest::heartbeat).limit(5).toList();
        for (Heartbeat beat : beats) {
            outbox.add(beat);
            outbox.add(playLog("x"));
        }

        assertThat(outbox.sizes()).containsEntry(Outbox.Kind.HEARTBEAT, 3L).containsEntry(Outbox.Kind.PLAYLOG, 5L);
        new OutboxSender(outbox, link).flush();
        assertThat(cms.heartbeats())
                .extracting(Heartbeat::id)
                .containsExactly(
                        beats.get(2).id(), beats.get(3).id(), beats.get(4).id());
    }

    @Test
    void itemEventsGoAfterPlayLogsAndBeforeHeartbeatsInBatchesOfAtMostFiftyAndSurviveARestart() throws Exception {
        Outbox before = Outbox.open(dir, 100);
        before.add(heartbeat());
        for (int i = 0; i < 60; i++) {
            before.add(event("e-" + i));
        }
        before.add(playLog("a"));
        Outbox outbox = Outbox.open(dir, 100);

        new OutboxSender(outbox, link).flush();

        assertThat(cms.requests().stream()
                        .map(StandInCms.Request::path)
                        .filter(p -> !p.equals("/edge/v1/manifest"))
                        .toList())
                .containsExactly("/edge/v1/playlogs", "/edge/v1/events", "/edge/v1/events", "/edge/v1/heartbeat");
        assertThat(cms.events()).hasSize(60).extracting(ItemEvent::itemId).startsWith("e-0", "e-1");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aServerWithoutItemEventsGetsEverythingElseAndTheEventsAreDropped() throws Exception {
        cms.events(404);
        Outbox outbox = Outbox.open(dir, 100);
        outbox.add(event("e-1"));
        outbox.add(playLog("a"));
        outbox.add(heartbeat());

        new OutboxSender(outbox, link).flush();

        assertThat(cms.playLogs()).hasSize(1);
        assertThat(cms.heartbeats()).hasSize(1);
        assertThat(cms.events()).isEmpty();
        assertThat(outbox.size()).isZero();
        assertThat(dir.resolve("rejected")).doesNotExist();
    }

    @Test
    void eventsAreKeptWhenTheServerCannotTakeThemNowAndHeartbeatsStillGo() throws Exception {
        cms.events(503);
        Outbox outbox = Outbox.open(dir, 100);
        outbox.add(event("e-1"));
        outbox.add(heartbeat());

        assertThatThrownBy(() -> new OutboxSender(outbox, link).flush()).hasMessageContaining("503");

        assertThat(outbox.size()).isEqualTo(1);
        assertThat(outbox.oldest(Outbox.Kind.EVENT, 10)).hasSize(1);
        assertThat(cms.heartbeats()).hasSize(1);
    }

    static ItemEvent event(String itemId) {
        return new ItemEvent(
                UUID.randomUUID().toString(),
                itemId,
                ItemEvent.Type.RECEIVED,
                OffsetDateTime.now(ZoneOffset.UTC),
                null);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
    }

    static PlayLog playLog(String itemId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new PlayLog(
                UUID.randomUUID().toString(), itemId, "m-1", now.minusSeconds(10), now, PlayLog.Outcome.PLAYED, null);
    }

    static Heartbeat heartbeat() {
        return new Heartbeat(
                UUID.randomUUID().toString(),
                OffsetDateTime.now(ZoneOffset.UTC),
                null,
                70,
                1000,
                "test",
                1,
                true,
                0,
                null,
                List.of(),
                List.of());
    }
}
