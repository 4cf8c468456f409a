package org.openloa.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openloa.edge.testing.Plans.audio;
import static org.openloa.edge.testing.Plans.live;
import static org.openloa.edge.testing.Plans.manifest;
import static org.openloa.edge.testing.Plans.media;
import static org.openloa.edge.testing.Plans.stream;
import static org.openloa.edge.testing.Plans.withSettings;
import static org.openloa.edge.testing.Plans.withWithdrawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.cache.MediaCache;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.outbox.Outbox;
import org.openloa.edge.testing.Audio;
import org.openloa.edge.testing.MutableClock;
import org.openloa.edge.testing.Plans;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.ItemEvent.Type;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.PlayLog;
import org.openloa.protocol.PlayLog.Outcome;

/** The scheduler with a clock the test moves, a real cache on disk and a player the test drives. */
class PlaybackSchedulerTest {

    static final Instant T = Instant.parse("2026-11-23T23:00:00Z");

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(T.minusSeconds(60));
    ScriptedPlayer player = new ScriptedPlayer();
    List<PlayLog> logs = new CopyOnWriteArrayList<>();
    List<ItemEvent> events = new CopyOnWriteArrayList<>();
    MediaCache cache;

    Media intro = media("intro", Audio.sineWav(1000, 440), 1000);
    Media news = media("news", Audio.sineWav(2000, 660), 2000);
    Media siren = media("siren", Audio.sineWav(1500, 880), 1500);

    @BeforeEach
    void cache() throws IOException {
        cache = new MediaCache(dir.resolve("media"), 100_000_000, clock);
    }

    @Test
    void anItemStartsAtItsStartAndNotBefore() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "intro")), intro);
        clock.set(T.minusMillis(1));

        Instant next = scheduler.tick();

        assertThat(player.plays).isEmpty();
        assertThat(next).isEqualTo(T);

        clock.set(T);
        scheduler.tick();

        assertThat(player.plays).singleElement().satisfies(play -> {
            assertThat(play.request.itemId()).isEqualTo("morning");
            assertThat(play.request.file()).hasBinaryContent(Audio.sineWav(1000, 440));
            assertThat(play.request.volume()).isEqualTo(70);
        });
        assertThat(scheduler.playingItemId()).contains("morning");
    }

    @Test
    void theMediaOfAnItemPlayInOrderEachWithItsOwnPlayLog() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "intro", "news")), intro, news);
        clock.set(T);
        scheduler.tick();
        clock.advance(Duration.ofSeconds(1));
        player.last().finish();
        scheduler.tick();
        clock.advance(Duration.ofSeconds(2));
        player.last().finish();
        scheduler.tick();

        assertThat(player.plays).extracting(p -> p.request.mediaId()).containsExactly("intro", "news");
        assertThat(logs)
                .extracting(PlayLog::mediaId, PlayLog::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("intro", Outcome.PLAYED),
                        org.assertj.core.groups.Tuple.tuple("news", Outcome.PLAYED));
        assertThat(logs.get(0).startedAt().toInstant()).isEqualTo(T);
        assertThat(logs.get(1).endedAt().toInstant()).isEqualTo(T.plusSeconds(3));
        assertThat(logs).extracting(PlayLog::id).doesNotHaveDuplicates();
        assertThat(scheduler.playingItemId()).isEmpty();
    }

    @Test
    void anEmergencyInterruptsANormalItemTheMomentItIsDue() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                plan(
                        audio("normal", T, T.plusSeconds(600), Priority.NORMAL, "intro", "news"),
                        audio("flood-warning", T.plusSeconds(120), T.plusSeconds(180), Priority.EMERGENCY, "siren")),
                intro,
                news,
                siren);
        clock.set(T);
        scheduler.tick();

        clock.set(T.plusSeconds(120));
        Instant next = scheduler.tick();

        assertThat(player.plays.get(0).stopped).isTrue();
        assertThat(player.last().request.itemId()).isEqualTo("flood-warning");
        assertThat(logs)
                .extracting(PlayLog::mediaId, PlayLog::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("intro", Outcome.INTERRUPTED),
                        org.assertj.core.groups.Tuple.tuple("news", Outcome.SKIPPED));
        assertThat(logs.get(0).reason()).contains("EMERGENCY").contains("flood-warning");
        assertThat(logs.get(0).endedAt().toInstant()).isEqualTo(T.plusSeconds(120));
        assertThat(next).isEqualTo(T.plusSeconds(180));
    }

    @Test
    void aPriorityItemDoesNotInterruptANormalOneItWaitsForIt() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                Duration.ofMinutes(10),
                plan(
                        audio("normal", T, T.plusSeconds(600), Priority.NORMAL, "news"),
                        audio("priority", T.plusSeconds(60), T.plusSeconds(300), Priority.PRIORITY, "intro")),
                intro,
                news);
        clock.set(T);
        scheduler.tick();
        clock.set(T.plusSeconds(60));
        scheduler.tick();

        assertThat(player.plays).hasSize(1);
        assertThat(player.last().stopped).isFalse();

        clock.set(T.plusSeconds(90));
        player.last().finish();
        scheduler.tick();

        assertThat(player.last().request.itemId()).isEqualTo("priority");
    }

    /** Issue 10: a PRIORITY live session joins at the next gap, after what is playing ends, for the rest of it. */
    @Test
    void aPriorityLiveSessionJoinsAtTheNextGapNotBefore() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                Duration.ofMinutes(10),
                plan(
                        audio("normal", T, T.plusSeconds(600), Priority.NORMAL, "news"),
                        live("meeting", T.plusSeconds(60), T.plusSeconds(1800), Priority.PRIORITY, LIVE_URL)),
                news);
        clock.set(T);
        scheduler.tick();
        clock.set(T.plusSeconds(60));
        scheduler.tick();

        assertThat(player.plays).as("the recording under way goes on").hasSize(1);
        assertThat(player.last().stopped).isFalse();

        clock.set(T.plusSeconds(90));
        player.last().finish();
        scheduler.tick();

        assertThat(player.last().request.itemId()).isEqualTo("meeting");
        assertThat(player.last().request.stream()).hasToString(LIVE_URL);
        assertThat(logs).extracting(PlayLog::mediaId, PlayLog::outcome).containsExactly(tuple("news", Outcome.PLAYED));
    }

    /** Issue 10: an EMERGENCY live session cuts in the moment it is due, as any emergency does. */
    @Test
    void anEmergencyLiveSessionCutsInAtOnce() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                plan(
                        audio("normal", T, T.plusSeconds(600), Priority.NORMAL, "news"),
                        live("warning", T.plusSeconds(60), T.plusSeconds(1800), Priority.EMERGENCY, LIVE_URL)),
                news);
        clock.set(T);
        scheduler.tick();
        clock.set(T.plusSeconds(60));
        scheduler.tick();

        assertThat(player.plays.get(0).stopped).isTrue();
        assertThat(player.last().request.itemId()).isEqualTo("warning");
        assertThat(player.last().request.stream()).hasToString(LIVE_URL);
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.mediaId()).isEqualTo("news");
            assertThat(log.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(log.reason()).contains("EMERGENCY").contains("warning");
            assertThat(log.endedAt().toInstant()).isEqualTo(T.plusSeconds(60));
        });
    }

    /**
     * Issue 10: the encoder stops the moment an operator ends a live session, often before the wake brings the
     * withdrawal (LiveEndToEndTest, now and then): the box listened to the end of the stream and logged the session
     * PLAYED. A LIVE stream that ends while its item stays in the plan is not the end of the session: the box listens
     * again, waiting longer each time, and logs the session once, INTERRUPTED with the operator's reason.
     */
    @Test
    void aLiveSessionWhoseStreamEndsListensAgainAndIsLoggedOnceWithTheReasonItWasWithdrawn() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(live("meeting", T, T.plusSeconds(1800), Priority.EMERGENCY, LIVE_URL)));
        clock.set(T);
        scheduler.tick();
        clock.advance(Duration.ofSeconds(30));
        player.last().finish(); // the stream ended by itself

        Instant next = scheduler.tick();
        assertThat(logs).as("not logged yet: the session may go on").isEmpty();
        assertThat(scheduler.playingItemId()).contains("meeting");
        assertThat(next).isEqualTo(clock.instant().plus(PlaybackScheduler.LISTEN_AGAIN_AFTER));
        clock.set(next.minusMillis(1));
        scheduler.tick();
        assertThat(player.plays).hasSize(1);
        clock.set(next);
        scheduler.tick();
        assertThat(player.plays).as("it listens again").hasSize(2);
        assertThat(player.last().request.stream()).hasToString(LIVE_URL);

        player.last().fail("HTTP 404"); // the session is gone, its withdrawal not here yet
        next = scheduler.tick();
        assertThat(next)
                .as("a failed listen waits longer")
                .isEqualTo(clock.instant().plusSeconds(2));
        clock.advance(Duration.ofMillis(500));
        scheduler.plan(withWithdrawn(
                manifest("v2", List.of(), List.of()),
                "v2",
                new Manifest.Withdrawal("meeting", "live session ended by operator", Plans.at(clock.instant()))));
        scheduler.tick();
        clock.advance(Duration.ofSeconds(20));
        scheduler.tick();

        assertThat(player.plays).hasSize(2);
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(log.reason()).isEqualTo("live session ended by operator");
            assertThat(log.startedAt().toInstant()).isEqualTo(T);
            assertThat(log.endedAt().toInstant()).isEqualTo(T.plusMillis(31_500));
        });
        assertThat(events).extracting(ItemEvent::type).containsExactly(Type.RECEIVED, Type.STARTED, Type.ENDED);
    }

    /** A LIVE item whose stream is gone when its ceiling passes is over: INTERRUPTED, and it listens no more. */
    @Test
    void aLiveSessionWhoseStreamIsGoneAtItsCeilingEndsThere() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(live("meeting", T, T.plusSeconds(60), Priority.PRIORITY, LIVE_URL)));
        clock.set(T);
        scheduler.tick();
        clock.set(T.plusSeconds(59));
        player.last().finish();
        scheduler.tick();
        clock.set(T.plusSeconds(61));
        scheduler.tick();
        clock.advance(Duration.ofSeconds(30));
        scheduler.tick();

        assertThat(player.plays).hasSize(1);
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(log.reason()).startsWith("its slot ended at");
        });
        assertThat(scheduler.playingItemId()).isEmpty();
    }

    private static final String LIVE_URL = "http://cms.example.vn/live/listen/6f1c2a9e-live";

    @Test
    void nothingPlaysFromAPartialFile() throws IOException {
        PlaybackScheduler scheduler = scheduler(plan(audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "intro")));
        byte[] whole = Audio.sineWav(1000, 440);
        Files.write(dir.resolve("media").resolve(intro.sha256() + ".part"), whole);
        clock.set(T);

        scheduler.tick();

        assertThat(player.plays).isEmpty();
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(log.reason()).contains("not in the cache");
        });
    }

    @Test
    void aMediaThatFailedItsChecksumNeverReachesThePlayerAndItsLogSaysWhy() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "intro", "news")), news);
        cache.failed(intro, "sha256 mismatch: expected aaa, got bbb; deleted", false);
        clock.set(T);

        scheduler.tick();

        assertThat(player.plays).extracting(p -> p.request.mediaId()).containsExactly("news");
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.mediaId()).isEqualTo("intro");
            assertThat(log.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(log.reason()).contains("sha256 mismatch");
        });
    }

    @Test
    void aNormalRecordingThatCanOnlyStartLongAfterItsStartIsSkipped() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("morning", T, T.plusSeconds(600), Priority.NORMAL, "intro")), intro);
        clock.set(T.plusSeconds(120));

        scheduler.tick();

        assertThat(player.plays).isEmpty();
        assertThat(logs)
                .singleElement()
                .extracting(PlayLog::outcome, PlayLog::reason)
                .containsExactly(Outcome.SKIPPED, "missed its start by 120 s");
    }

    @Test
    void anEmergencyJoinsLateForTheRestOfItsSlot() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren")), siren);
        clock.set(T.plusSeconds(120));

        scheduler.tick();

        assertThat(player.plays)
                .singleElement()
                .satisfies(p -> assertThat(p.request.itemId()).isEqualTo("flood-warning"));
    }

    @Test
    void quietHoursSkipEverythingButEmergencies() throws IOException {
        Manifest quiet = withSettings(
                plan(
                        audio("late-news", T, T.plusSeconds(60), Priority.PRIORITY, "news"),
                        audio("flood-warning", T.plusSeconds(60), T.plusSeconds(120), Priority.EMERGENCY, "siren")),
                new Manifest.Settings(
                        70,
                        List.of(new Manifest.QuietHours(
                                org.openloa.edge.testing.Plans.at(T.minusSeconds(3600)),
                                org.openloa.edge.testing.Plans.at(T.plusSeconds(3600)))),
                        null));
        PlaybackScheduler scheduler = scheduler(quiet, news, siren);
        clock.set(T);
        scheduler.tick();
        clock.set(T.plusSeconds(60));
        scheduler.tick();

        assertThat(player.plays).extracting(p -> p.request.itemId()).containsExactly("flood-warning");
        assertThat(logs)
                .singleElement()
                .extracting(PlayLog::itemId, PlayLog::reason)
                .containsExactly("late-news", "quiet hours");
    }

    @Test
    void theStopCommandEndsWhatIsPlayingAndLaterItemsStillPlay() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                plan(
                        audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "news"),
                        audio("noon", T.plusSeconds(120), T.plusSeconds(180), Priority.NORMAL, "intro")),
                news,
                intro);
        clock.set(T);
        scheduler.tick();

        scheduler.stop("STOP command c-9");
        clock.set(T.plusSeconds(120));
        scheduler.tick();

        assertThat(player.plays.get(0).stopped).isTrue();
        assertThat(logs)
                .singleElement()
                .extracting(PlayLog::outcome, PlayLog::reason)
                .containsExactly(Outcome.INTERRUPTED, "STOP command c-9");
        assertThat(player.last().request.itemId()).isEqualTo("noon");
    }

    @Test
    void aStreamPlaysItsUrlAndStopsAtTheEndOfItsSlot() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                plan(stream("relay", T, T.plusSeconds(1800), Priority.PRIORITY, "https://radio.example.vn/live.mp3")));
        clock.set(T);
        scheduler.tick();
        assertThat(player.last().request.stream()).hasToString("https://radio.example.vn/live.mp3");

        clock.set(T.plusSeconds(1800));
        scheduler.tick();

        assertThat(player.last().stopped).isTrue();
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.mediaId()).isNull();
            assertThat(log.outcome())
                    .as("a relay whose source was there throughout played its slot")
                    .isEqualTo(Outcome.PLAYED);
            assertThat(log.lostSeconds()).isZero();
            assertThat(log.lost()).isEmpty();
        });
    }

    @Test
    void aRecordingMayOverrunItsSlotALittleButNeverIntoTheNextItem() throws IOException {
        PlaybackScheduler scheduler = scheduler(
                plan(
                        audio("first", T, T.plusSeconds(10), Priority.NORMAL, "news"),
                        audio("second", T.plusSeconds(20), T.plusSeconds(30), Priority.NORMAL, "intro")),
                news,
                intro);
        clock.set(T);
        scheduler.tick();

        clock.set(T.plusSeconds(12));
        scheduler.tick();
        assertThat(player.plays.get(0).stopped)
                .as("overrunning, nothing else due")
                .isFalse();

        clock.set(T.plusSeconds(10).plus(PlaybackScheduler.OVERRUN));
        scheduler.tick();
        assertThat(player.plays.get(0).stopped).isTrue();
    }

    @Test
    void anItemTheNewPlanNoLongerHasStopsPlaying() throws IOException {
        Item morning = audio("morning", T, T.plusSeconds(600), Priority.NORMAL, "news");
        PlaybackScheduler scheduler = scheduler(plan(morning), news);
        clock.set(T);
        scheduler.tick();

        scheduler.plan(manifest("v2", List.of(), List.of()));
        scheduler.tick();

        assertThat(player.last().stopped).isTrue();
        assertThat(logs).singleElement().extracting(PlayLog::reason).isEqualTo("removed from the plan");
    }

    @Test
    void aWithdrawnEmergencyStopsAtOnceAndIsLoggedInterruptedWithTheOperatorsReasonOnce() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren", "news");
        PlaybackScheduler scheduler = scheduler(plan(warning), siren, news);
        clock.set(T);
        scheduler.tick();

        clock.advance(Duration.ofMillis(700));
        scheduler.plan(withWithdrawn(
                manifest("v2", List.of(), List.of(intro, news, siren)),
                "v2",
                new Manifest.Withdrawal(
                        "flood-warning", "stopped by operator: false alarm", Plans.at(T.plusMillis(600)))));
        scheduler.tick();
        clock.advance(Duration.ofSeconds(5));
        scheduler.tick();
        scheduler.plan(manifest("v3", List.of(), List.of()));
        scheduler.tick();

        assertThat(player.plays)
                .singleElement()
                .satisfies(play -> assertThat(play.stopped).isTrue());
        assertThat(logs)
                .extracting(PlayLog::mediaId, PlayLog::outcome, PlayLog::reason)
                .containsExactly(
                        tuple("siren", Outcome.INTERRUPTED, "stopped by operator: false alarm"),
                        tuple("news", Outcome.SKIPPED, "stopped by operator: false alarm"));
        assertThat(logs.get(0).endedAt().toInstant()).isEqualTo(T.plusMillis(700));
        assertThat(scheduler.playingItemId()).isEmpty();
        assertThat(events).extracting(ItemEvent::type).containsExactly(Type.RECEIVED, Type.STARTED, Type.ENDED);
    }

    /*
     * The agent's clock follows the server's time, corrected with each manifest: the manifest that withdraws an item
     * a moment after it started can step the clock back behind that start (seen in EmergencyEndToEndTest: a Cancel
     * 0.4 s after the start, the clock 0.1 s back). The play is logged as ending when it started, and the scheduler
     * goes on: the play log used to refuse to be made, and the exception ended the playback thread.
     */
    @Test
    void aWithdrawalWhoseClockStepsBackBehindTheStartIsLoggedAndPlaybackGoesOn() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren");
        PlaybackScheduler scheduler = scheduler(plan(warning), siren, news);
        clock.set(T);
        scheduler.tick();

        clock.set(T.minusMillis(100));
        scheduler.plan(withWithdrawn(
                manifest(
                        "v2",
                        List.of(audio("later", T.plusSeconds(5), T.plusSeconds(60), Priority.NORMAL, "news")),
                        List.of(news, siren)),
                "v2",
                new Manifest.Withdrawal("flood-warning", "Bão đã suy yếu", Plans.at(T.minusMillis(100)))));
        scheduler.tick();
        clock.set(T.plusSeconds(5));
        scheduler.tick();

        assertThat(logs).first().satisfies(log -> {
            assertThat(log.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(log.endedAt().toInstant())
                    .isEqualTo(log.startedAt().toInstant())
                    .isEqualTo(T);
        });
        assertThat(player.last().request.itemId()).isEqualTo("later");
    }

    @Test
    void anItemStillListedButWithdrawnDoesNotStartEither() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren");
        Manifest plan =
                withWithdrawn(plan(warning), "v2", new Manifest.Withdrawal("flood-warning", "cancelled", Plans.at(T)));
        PlaybackScheduler scheduler = scheduler(plan, siren);
        clock.set(T);

        scheduler.tick();

        assertThat(player.plays).isEmpty();
    }

    @Test
    void anEmergencyStartsOnItsFirstVerifiedFileAndSkipsALaterOneThatIsNotThereInTime() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren", "news", "intro");
        Item normal = audio("normal", T, T.plusSeconds(600), Priority.NORMAL, "intro");
        PlaybackScheduler scheduler = scheduler(plan(warning, normal));
        put(intro);
        clock.set(T);

        scheduler.tick();

        assertThat(player.plays)
                .as("the emergency waits for its first file; what can play meanwhile does")
                .extracting(p -> p.request.itemId())
                .containsExactly("normal");
        assertThat(logs).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        put(siren);
        scheduler.mediaArrived();
        scheduler.tick();

        assertThat(player.plays.get(0).stopped)
                .as("the emergency interrupts the normal item")
                .isTrue();
        assertThat(player.last().request.mediaId()).isEqualTo("siren");

        clock.advance(Duration.ofMillis(1500));
        player.last().finish();
        scheduler.tick();

        assertThat(player.last().request.mediaId())
                .as("news is not there yet: skipped, and on")
                .isEqualTo("intro");
        assertThat(logs)
                .filteredOn(l -> l.itemId().equals("flood-warning"))
                .extracting(PlayLog::mediaId, PlayLog::outcome, PlayLog::reason)
                .containsExactly(
                        tuple("siren", Outcome.PLAYED, null),
                        tuple("news", Outcome.SKIPPED, "not in the cache (not downloaded yet)"));

        player.last().finish();
        scheduler.tick();

        assertThat(events)
                .filteredOn(e -> e.itemId().equals("flood-warning"))
                .extracting(ItemEvent::type)
                .containsExactly(Type.RECEIVED, Type.STARTED, Type.ENDED);
        assertThat(events)
                .as("normal items are not reported by default")
                .allMatch(e -> e.itemId().equals("flood-warning"));
    }

    @Test
    void anEmergencyWhoseFirstFileNeverCameIsSkippedAndFailedWhenItsSlotEnds() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(60), Priority.EMERGENCY, "siren");
        PlaybackScheduler scheduler = scheduler(plan(warning));
        clock.set(T);
        scheduler.tick();
        assertThat(logs).isEmpty();

        clock.set(T.plusSeconds(60));
        scheduler.tick();
        scheduler.tick();

        assertThat(player.plays).isEmpty();
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(log.reason()).isEqualTo("its slot ended before its first file arrived");
        });
        assertThat(events)
                .extracting(ItemEvent::type, ItemEvent::reason)
                .containsExactly(
                        tuple(Type.RECEIVED, null), tuple(Type.FAILED, "its slot ended before its first file arrived"));
    }

    @Test
    void anItemThatArrivesAfterItsEndIsSkippedAsLateAndReportedLateOnce() throws IOException {
        Item warning = audio("flood-warning", T, T.plusSeconds(8), Priority.EMERGENCY, "siren");
        Item bulletin = audio("bulletin", T, T.plusSeconds(8), Priority.NORMAL, "news");
        clock.set(T.plusSeconds(47));
        PlaybackScheduler scheduler = scheduler(plan(warning, bulletin), siren, news);
        scheduler.tick();
        scheduler.plan(manifest("v2", List.of(warning, bulletin), List.of(intro, news, siren)));
        scheduler.tick();

        assertThat(player.plays).isEmpty();
        assertThat(logs)
                .extracting(PlayLog::itemId, PlayLog::outcome, PlayLog::reason)
                .containsExactlyInAnyOrder(
                        tuple("flood-warning", Outcome.SKIPPED, "late: arrived after its end"),
                        tuple("bulletin", Outcome.SKIPPED, "late: arrived after its end"));
        assertThat(events)
                .extracting(ItemEvent::itemId, ItemEvent::type, ItemEvent::reason)
                .containsExactly(tuple("flood-warning", Type.LATE, "late: arrived after its end"));
    }

    @Test
    void aStoredPlanAdoptedAtStartIsNotLateItWasThereBeforeTheRestart() throws IOException {
        Item bulletin = audio("bulletin", T, T.plusSeconds(8), Priority.NORMAL, "news");
        clock.set(T.plusSeconds(47));
        PlaybackScheduler scheduler = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.inMemory(), Duration.ofSeconds(30), itemEvents());

        scheduler.plan(plan(bulletin), false);
        scheduler.plan(plan(bulletin), true);
        scheduler.tick();

        assertThat(logs).isEmpty();
    }

    @Test
    void anItemsOwnVolumeWinsAndSetVolumeAppliesToTheNextMedia() throws IOException {
        Item loud = new Item(
                "loud",
                org.openloa.edge.testing.Plans.at(T),
                org.openloa.edge.testing.Plans.at(T.plusSeconds(60)),
                Priority.NORMAL,
                Manifest.Kind.AUDIO,
                List.of("intro"),
                null,
                95);
        PlaybackScheduler scheduler = scheduler(
                plan(loud, audio("plain", T.plusSeconds(60), T.plusSeconds(120), Priority.NORMAL, "intro", "news")),
                intro,
                news);
        clock.set(T);
        scheduler.tick();
        player.last().finish();
        clock.set(T.plusSeconds(60));
        scheduler.tick();

        scheduler.setVolume(40);
        player.last().finish();
        scheduler.tick();

        assertThat(player.plays).extracting(p -> p.request.volume()).containsExactly(95, 70, 40);
        assertThat(scheduler.volume()).isEqualTo(40);
    }

    @Test
    void aPlayerThatFailsIsLoggedFailedWithItsReason() throws IOException {
        PlaybackScheduler scheduler =
                scheduler(plan(audio("morning", T, T.plusSeconds(60), Priority.NORMAL, "intro")), intro);
        clock.set(T);
        scheduler.tick();

        player.last().fail("the player exited with status 1: no audio device");
        scheduler.tick();

        assertThat(logs)
                .singleElement()
                .extracting(PlayLog::outcome, PlayLog::reason)
                .containsExactly(Outcome.FAILED, "the player exited with status 1: no audio device");
    }

    @Test
    void aPlayUnderWayWhenTheAgentDiedIsLoggedInterruptedAndNotPlayedAgain() throws IOException {
        Path stateFile = dir.resolve("playback.json");
        Manifest plan = plan(audio("morning", T, T.plusSeconds(600), Priority.NORMAL, "news"));
        PlaybackScheduler before = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.load(stateFile), Duration.ofMinutes(30));
        put(news);
        before.plan(plan);
        clock.set(T);
        before.tick();
        // kill -9: no shutdown, the play log is never written by the first scheduler

        clock.set(T.plusSeconds(5));
        PlaybackScheduler after = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.load(stateFile), Duration.ofMinutes(30));
        after.plan(plan);
        after.tick();

        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log.itemId()).isEqualTo("morning");
            assertThat(log.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(log.startedAt().toInstant()).isEqualTo(T);
            assertThat(log.endedAt()).isNull();
        });
        assertThat(player.plays).hasSize(1);
    }

    @Test
    void aPlayLoggedJustBeforeAKillIsNotLoggedAgainAfterTheRestart() throws IOException {
        Path stateFile = dir.resolve("playback.json");
        Outbox outbox = Outbox.open(dir.resolve("outbox"), 10);
        Manifest plan = plan(audio("morning", T, T.plusSeconds(600), Priority.NORMAL, "news"));
        put(news);
        PlaybackScheduler before = new PlaybackScheduler(
                clock, source(), player, outbox, PlaybackState.load(stateFile), Duration.ofMinutes(30));
        before.plan(plan);
        clock.set(T);
        before.tick();
        byte[] playing = Files.readAllBytes(stateFile);
        clock.set(T.plusSeconds(10));
        player.last().finish();
        before.tick();
        // kill -9 after the play log reached the outbox but before the state saying "nothing plays" did
        Files.write(stateFile, playing);

        PlaybackScheduler after = new PlaybackScheduler(
                clock, source(), player, outbox, PlaybackState.load(stateFile), Duration.ofMinutes(30));
        after.plan(plan);
        after.tick();

        try (var files = Files.list(dir.resolve("outbox"))) {
            assertThat(files.filter(f -> f.toString().endsWith("-playlog.json")))
                    .as("one play, one play log")
                    .hasSize(1);
        }
        assertThat(player.plays).hasSize(1);
    }

    @Test
    void anEmergencyUnderWayWhenTheAgentDiedPlaysAgainAfterTheRestart() throws IOException {
        Path stateFile = dir.resolve("playback.json");
        Manifest plan = plan(audio("flood-warning", T, T.plusSeconds(600), Priority.EMERGENCY, "siren"));
        put(siren);
        PlaybackScheduler before = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.load(stateFile), Duration.ofSeconds(30));
        before.plan(plan);
        clock.set(T);
        before.tick();

        clock.set(T.plusSeconds(90));
        PlaybackScheduler after = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.load(stateFile), Duration.ofSeconds(30));
        after.plan(plan);
        after.tick();

        assertThat(player.plays).extracting(p -> p.request.itemId()).containsExactly("flood-warning", "flood-warning");
    }

    @Test
    void anEmergencyOnAirWhenTheAgentStoppedAndOverBeforeItCameBackIsReportedEnded() throws IOException {
        Path stateFile = dir.resolve("playback.json");
        Manifest plan = plan(audio("flood-warning", T, T.plusSeconds(60), Priority.EMERGENCY, "siren"));
        put(siren);
        ItemEvents ledger = ItemEvents.open(clock, events::add, dir.resolve("events.json"), "d-1", false);
        PlaybackScheduler before = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.load(stateFile), Duration.ofSeconds(30), ledger);
        before.plan(plan);
        clock.set(T);
        before.tick();
        before.shutdown();
        assertThat(events).extracting(ItemEvent::type).containsExactly(Type.RECEIVED, Type.STARTED);

        clock.set(T.plusSeconds(90));
        PlaybackScheduler after = new PlaybackScheduler(
                clock,
                source(),
                player,
                logs::add,
                PlaybackState.load(stateFile),
                Duration.ofSeconds(30),
                ItemEvents.open(clock, events::add, dir.resolve("events.json"), "d-1", false));
        after.plan(plan, false);
        after.tick();
        after.tick();

        assertThat(events).extracting(ItemEvent::type).containsExactly(Type.RECEIVED, Type.STARTED, Type.ENDED);
        assertThat(player.plays).hasSize(1);
    }

    private PlaybackScheduler scheduler(Manifest plan, Media... cached) throws IOException {
        return scheduler(Duration.ofSeconds(30), plan, cached);
    }

    private PlaybackScheduler scheduler(Duration lateStart, Manifest plan, Media... cached) throws IOException {
        for (Media media : cached) {
            put(media);
        }
        cache.plan(plan, null);
        PlaybackScheduler scheduler = new PlaybackScheduler(
                clock, source(), player, logs::add, PlaybackState.inMemory(), lateStart, itemEvents());
        scheduler.plan(plan);
        return scheduler;
    }

    /** Item events as the agent makes them, into {@link #events} instead of the outbox. */
    private ItemEvents itemEvents() {
        return ItemEvents.open(clock, events::add, null, "d-1", false);
    }

    private MediaSource source() {
        return MediaSource.of(cache::ready, cache::problem);
    }

    /** A verified file in the cache: what a finished download leaves, under its SHA-256. */
    private void put(Media media) throws IOException {
        byte[] bytes = media == intro
                ? Audio.sineWav(1000, 440)
                : media == news ? Audio.sineWav(2000, 660) : Audio.sineWav(1500, 880);
        Files.write(dir.resolve("media").resolve(media.sha256()), bytes);
    }

    private Manifest plan(Item... items) {
        return manifest("v1", List.of(items), List.of(intro, news, siren));
    }
}
