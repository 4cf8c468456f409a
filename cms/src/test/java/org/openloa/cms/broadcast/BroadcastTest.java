package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.broadcast.Broadcast.Airable;
import org.openloa.cms.broadcast.Broadcast.Place;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;

/** The broadcast's own rules, without Spring or a database: what each change accepts, refuses and records. */
class BroadcastTest {

    private static final Instant NOW = Instant.parse("2027-03-01T00:00:00Z");
    private static final ScheduleSpec SCHEDULE =
            new ScheduleSpec(ScheduleSpec.ONCE, "2027-03-08T06:00:00+07:00", null, null, null, null, null, null);

    private final Map<UUID, Place> places = new HashMap<>();
    private final Map<UUID, Airable> bulletins = new HashMap<>();
    private final Place province = place("/", "Quảng Trị", false);
    private final Place commune = place(province.path(), "Xã Cam Lộ", false);
    private final Place otherProvince = place("/", "Huế", false);

    // ---------------------------------------------------------------- content

    @Test
    void aDraftNamingBulletinsAndAStreamIsRefusedAndChangesNothing() {
        Broadcast broadcast = newBroadcast();
        UUID bulletin = bulletin("Tin sáng", Priority.NORMAL);

        assertRefused(
                () -> broadcast.replaceContent(List.of(bulletin), airable(), "https://radio.example/live", null),
                "content-ambiguous");
        assertThat(broadcast.contentKind()).isNull();
    }

    @Test
    void aNewBroadcastWithoutContentIsRefused() {
        assertRefused(() -> newBroadcast().replaceContent(null, airable(), null, null), "empty-content");
        assertRefused(
                () -> newBroadcast().replaceContent(List.of(), airable(), " ", Duration.ofMinutes(5)), "empty-content");
    }

    @Test
    void bulletinsPlayInTheOrderGivenAndReportTheirHighestPriority() {
        Broadcast broadcast = newBroadcast();
        UUID first = bulletin("Tin sáng", Priority.NORMAL);
        UUID second = bulletin("Cảnh báo bão", Priority.PRIORITY);

        Priority highest = broadcast.replaceContent(List.of(first, second), airable(), null, null);

        assertThat(highest).isEqualTo(Priority.PRIORITY);
        assertThat(broadcast.contentKind()).isEqualTo(ContentKind.PLAYLIST);
        assertThat(broadcast.items()).extracting(BroadcastItem::bulletinId).containsExactly(first, second);
    }

    @Test
    void aStreamNeedsAKnownSchemeAndAHost() {
        for (String url : List.of("ftp://radio.example/live", "https:///live", "radio.example/live", "http://a b")) {
            assertRefused(
                    () -> newBroadcast().replaceContent(null, airable(), url, Duration.ofMinutes(30)),
                    "invalid-stream-url");
        }
    }

    @Test
    void aStreamSlotIsPositiveAndAtMostADay() {
        String url = "rtsp://radio.example/live";
        assertRefused(() -> newBroadcast().replaceContent(null, airable(), url, null), "non-positive-duration");
        assertRefused(
                () -> newBroadcast().replaceContent(null, airable(), url, Duration.ZERO), "non-positive-duration");
        assertRefused(
                () -> newBroadcast()
                        .replaceContent(
                                null, airable(), url, Duration.ofHours(24).plusSeconds(1)),
                "slot-too-long");

        Broadcast broadcast = newBroadcast();
        broadcast.replaceContent(null, airable(), url, Duration.ofHours(24));
        assertThat(broadcast.slotLength()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aSlotAloneResizesAStreamAndLeavesAPlaylistAsItIs() {
        Broadcast stream =
                existing(b -> b.replaceContent(null, airable(), "https://radio.example/live", Duration.ofMinutes(30)));
        stream.replaceContent(null, airable(), null, Duration.ofMinutes(45));
        assertThat(stream.slotLength()).isEqualTo(Duration.ofMinutes(45));
        assertThat(stream.streamUrl()).isEqualTo("https://radio.example/live");

        UUID bulletin = bulletin("Tin sáng", Priority.NORMAL);
        Broadcast playlist = existing(b -> b.replaceContent(List.of(bulletin), airable(), null, null));
        playlist.replaceContent(null, airable(), null, Duration.ofMinutes(45));
        assertThat(playlist.contentKind()).isEqualTo(ContentKind.PLAYLIST);
        assertThat(playlist.slotLength()).isNull();
    }

    // ---------------------------------------------------------------- targets

    @Test
    void withoutTargetAreasABroadcastAirsInItsOwnerAreaNarrowedByTags() {
        Broadcast broadcast = newBroadcast();

        broadcast.target(province, null, places::get, List.of("Chợ Đông", "loa ngoài trời"));

        assertThat(broadcast.targetAreas()).extracting(TargetArea::areaId).containsExactly(province.id());
        assertThat(broadcast.targetTags()).containsExactly("chợ-đông", "loa-ngoài-trời");
    }

    @Test
    void aTargetOutsideTheOwnerAreaIsRefused() {
        Broadcast broadcast = newBroadcast();

        ProblemException refusal = assertRefused(
                () -> broadcast.target(province, List.of(otherProvince.id()), places::get, null),
                "target-outside-owner");

        assertThat(refusal.args()).containsExactly("Huế", "Quảng Trị");
        assertThat(broadcast.targetAreas()).isEmpty();
    }

    @Test
    void aRetiredTargetIsRefused() {
        Place merged = place(province.path(), "Xã đã sáp nhập", true);

        assertRefused(() -> newBroadcast().target(province, List.of(merged.id()), places::get, null), "target-retired");
    }

    @Test
    void aChangeNamingNeitherAreasNorTagsKeepsTheTargets() {
        Broadcast broadcast = existing(b -> b.target(province, List.of(commune.id()), places::get, List.of("chợ")));
        Function<UUID, Place> nothingFound = id -> {
            throw new AssertionError("looked up " + id);
        };

        broadcast.target(province, null, nothingFound, null);

        assertThat(broadcast.targetAreas()).extracting(TargetArea::areaId).containsExactly(commune.id());
        assertThat(broadcast.targetTags()).containsExactly("chợ");
    }

    // ---------------------------------------------------------------- schedule and settings

    @Test
    void aNewBroadcastNeedsAScheduleAndAChangeWithoutOneKeepsIt() {
        assertRefused(() -> newBroadcast().schedule(null), "missing-value");

        Broadcast broadcast = existing(b -> {});
        broadcast.schedule(null);
        assertThat(broadcast.schedule()).isEqualTo(SCHEDULE);
    }

    @Test
    void aNewBroadcastTakesTheDefaultsAndTheHighestPriorityOfItsBulletins() {
        Broadcast broadcast = newBroadcast();
        UUID bulletin = bulletin("Cảnh báo bão", Priority.PRIORITY);
        Priority highest = broadcast.replaceContent(List.of(bulletin), airable(), null, null);

        broadcast.settings(null, null, null, null, highest);

        assertThat(broadcast.priority()).isEqualTo(Priority.PRIORITY);
        assertThat(broadcast.volume()).isEqualTo(80);
        assertThat(broadcast.repeatCount()).isEqualTo(1);
        assertThat(broadcast.maxDelay()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aNewStreamMayNotStartLate() {
        Broadcast broadcast = newBroadcast();
        broadcast.replaceContent(null, airable(), "https://radio.example/live", Duration.ofMinutes(30));

        broadcast.settings(null, null, null, null, null);

        assertThat(broadcast.priority()).isEqualTo(Priority.NORMAL);
        assertThat(broadcast.maxDelay()).isZero();
    }

    @Test
    void aChangeKeepsTheSettingsItDoesNotName() {
        Broadcast broadcast = existing(b -> b.settings(Priority.EMERGENCY, 95, 3, Duration.ofMinutes(5), null));
        UUID normal = bulletin("Tin sáng", Priority.NORMAL);
        Priority highest = broadcast.replaceContent(List.of(normal), airable(), null, null);

        broadcast.settings(null, 70, null, null, highest);

        assertThat(broadcast.priority()).isEqualTo(Priority.EMERGENCY);
        assertThat(broadcast.volume()).isEqualTo(70);
        assertThat(broadcast.repeatCount()).isEqualTo(3);
        assertThat(broadcast.maxDelay()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aNegativeAllowedDelayIsRefusedAndChangesNothing() {
        Broadcast broadcast = existing(b -> {});

        assertRefused(
                () -> broadcast.settings(Priority.EMERGENCY, 10, 2, Duration.ofMinutes(-1), null),
                "negative-max-delay");

        assertThat(broadcast.priority()).isEqualTo(Priority.NORMAL);
        assertThat(broadcast.volume()).isEqualTo(80);
    }

    @Test
    void normalContentFromAboveTheCommunesNeedsTheirAcceptanceAndPriorityContentDoesNot() {
        Broadcast normal = existing(b -> {});
        normal.ownedAboveProgrammes(true);
        assertThat(normal.acceptanceRequired()).isTrue();
        normal.ownedAboveProgrammes(false);
        assertThat(normal.acceptanceRequired()).isFalse();

        Broadcast priority = existing(b -> b.settings(Priority.PRIORITY, null, null, null, null));
        priority.ownedAboveProgrammes(true);
        assertThat(priority.acceptanceRequired()).isFalse();
    }

    // ---------------------------------------------------------------- title

    @Test
    void withoutATitleABroadcastIsNamedAfterItsContent() {
        UUID first = bulletin("Tin sáng", Priority.NORMAL);
        UUID second = bulletin("Tin chiều", Priority.NORMAL);
        Broadcast playlist = newBroadcast();
        playlist.replaceContent(List.of(first, second), airable(), null, null);
        playlist.retitle("  ", true);
        assertThat(playlist.title()).isEqualTo("Tin sáng (+1)");

        Broadcast stream = newBroadcast();
        stream.replaceContent(null, airable(), "https://radio.example/live", Duration.ofMinutes(30));
        stream.retitle(null, true);
        assertThat(stream.title()).isEqualTo("radio.example");
    }

    @Test
    void aTitleIsKeptUnlessTheContentIsReplaced() {
        Broadcast broadcast = existing(b -> b.retitle(" Bản tin tối ", false));
        assertThat(broadcast.title()).isEqualTo("Bản tin tối");

        broadcast.retitle(null, false);
        assertThat(broadcast.title()).isEqualTo("Bản tin tối");

        broadcast.replaceContent(List.of(bulletin("Tin chiều", Priority.NORMAL)), airable(), null, null);
        broadcast.retitle(null, true);
        assertThat(broadcast.title()).isEqualTo("Tin chiều");
    }

    @Test
    void aTitleLongerThan300CharactersIsRefused() {
        Broadcast broadcast = existing(b -> {});

        assertRefused(() -> broadcast.retitle("a".repeat(301), false), "invalid-title");
        broadcast.retitle("a".repeat(300), false);
        assertThat(broadcast.title()).hasSize(300);
    }

    // ---------------------------------------------------------------- state and what it records

    @Test
    void pausedAndActiveAlternateButEndedIsFinal() {
        Broadcast broadcast = existing(b -> {});
        broadcast.changeState(BroadcastState.PAUSED);
        broadcast.changeState(BroadcastState.ACTIVE);
        broadcast.end("ended", NOW);

        ProblemException refusal =
                catchThrowableOfType(ProblemException.class, () -> broadcast.changeState(BroadcastState.ACTIVE));

        assertThat(refusal.kind()).isEqualTo(RefusalKind.CONFLICT);
        assertThat(refusal.code()).isEqualTo("broadcast-ended");
        assertThat(broadcast.state()).isEqualTo(BroadcastState.ENDED);
    }

    @Test
    void aNewBroadcastRecordsItsCreationOnce() {
        Broadcast broadcast = existing(b -> {});

        assertThat(broadcast.takeEvents()).containsExactly(new BroadcastEvent("BROADCAST_CREATED", null));
        assertThat(broadcast.takeEvents()).isEmpty();
        assertThat(broadcast.summary()).isEqualTo("Tin sáng [NORMAL, ACTIVE]");
    }

    @Test
    void withdrawingOneOfItsBulletinsKeepsTheOthers() {
        UUID kept = bulletin("Tin sáng", Priority.NORMAL);
        UUID gone = bulletin("Tin cũ", Priority.NORMAL);
        Broadcast broadcast = existing(b -> b.replaceContent(List.of(kept, gone), airable(), null, null));
        broadcast.takeEvents();

        broadcast.withdraw(gone, NOW);

        assertThat(broadcast.items()).extracting(BroadcastItem::bulletinId).containsExactly(kept);
        assertThat(broadcast.state()).isEqualTo(BroadcastState.ACTIVE);
        assertThat(broadcast.takeEvents())
                .containsExactly(new BroadcastEvent("BROADCAST_UPDATED", "bulletin " + gone + " no longer airs"));
    }

    @Test
    void withdrawingItsLastBulletinEndsItAndKeepsWhatItPlayed() {
        UUID only = bulletin("Tin sáng", Priority.NORMAL);
        Broadcast broadcast = existing(b -> b.replaceContent(List.of(only), airable(), null, null));
        broadcast.takeEvents();

        broadcast.withdraw(only, NOW.plusSeconds(60));

        assertThat(broadcast.state()).isEqualTo(BroadcastState.ENDED);
        assertThat(broadcast.items()).extracting(BroadcastItem::bulletinId).containsExactly(only);
        assertThat(broadcast.updatedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(broadcast.takeEvents())
                .containsExactly(new BroadcastEvent("BROADCAST_ENDED", "its last bulletin no longer airs"));
    }

    @Test
    void aCommuneSeesProvinceContentAimedAtItButOnlyTheProvinceChangesIt() {
        Broadcast broadcast = existing(b -> b.target(province, List.of(commune.id()), places::get, null));
        Caller communeOperator =
                new Caller(UUID.randomUUID(), "op", Set.of(Role.OPERATOR), commune.id(), commune.path());
        Caller provinceOperator =
                new Caller(UUID.randomUUID(), "op2", Set.of(Role.OPERATOR), province.id(), province.path());
        Caller elsewhere =
                new Caller(UUID.randomUUID(), "op3", Set.of(Role.OPERATOR), otherProvince.id(), otherProvince.path());

        assertThat(broadcast.visibleTo(communeOperator)).isTrue();
        assertThat(broadcast.editableBy(communeOperator)).isFalse();
        assertThat(broadcast.editableBy(provinceOperator)).isTrue();
        assertThat(broadcast.visibleTo(elsewhere)).isFalse();
    }

    // ---------------------------------------------------------------- a small world

    private Broadcast newBroadcast() {
        return new Broadcast(UUID.randomUUID(), province.id(), province.path(), "editor", NOW);
    }

    /** A broadcast as a first change leaves it (a bulletin, the owner area, a schedule, the defaults), then {@code change}. */
    private Broadcast existing(Consumer<Broadcast> change) {
        Broadcast broadcast = newBroadcast();
        broadcast.replaceContent(List.of(bulletin("Tin sáng", Priority.NORMAL)), airable(), null, null);
        broadcast.target(province, null, places::get, null);
        broadcast.schedule(SCHEDULE);
        broadcast.settings(null, null, null, null, null);
        broadcast.retitle(null, true);
        change.accept(broadcast);
        return broadcast;
    }

    private Place place(String parentPath, String name, boolean retired) {
        UUID id = UUID.randomUUID();
        Place place = new Place(id, parentPath + id + "/", name, retired);
        places.put(id, place);
        return place;
    }

    private UUID bulletin(String title, Priority priority) {
        UUID id = UUID.randomUUID();
        bulletins.put(id, new Airable(new BroadcastItem(id, UUID.randomUUID(), 60_000, title), priority));
        return id;
    }

    private Function<UUID, Airable> airable() {
        return bulletins::get;
    }

    private static ProblemException assertRefused(ThrowingCallable change, String code) {
        ProblemException refusal = catchThrowableOfType(ProblemException.class, change);
        assertThat(refusal).as("refused as " + code).isNotNull();
        assertThat(refusal.code()).isEqualTo(code);
        assertThat(refusal.kind()).isEqualTo(RefusalKind.RULE_BROKEN);
        return refusal;
    }
}
