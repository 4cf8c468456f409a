package org.openloa.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.scheduler.Fixtures.COMMUNE_A;
import static org.openloa.scheduler.Fixtures.NEW_YORK;
import static org.openloa.scheduler.Fixtures.PROVINCE;
import static org.openloa.scheduler.Fixtures.VIETNAM;
import static org.openloa.scheduler.Fixtures.WEEKDAYS;
import static org.openloa.scheduler.Fixtures.broadcast;
import static org.openloa.scheduler.Fixtures.dailyAt;
import static org.openloa.scheduler.Fixtures.deviceInCommuneA;
import static org.openloa.scheduler.Fixtures.deviceInCommuneB;
import static org.openloa.scheduler.Fixtures.minutes;
import static org.openloa.scheduler.Fixtures.vn;
import static org.openloa.scheduler.Fixtures.vnDay;
import static org.openloa.scheduler.Fixtures.vnWindow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Fixtures;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Acceptance;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.MediaItem;
import org.openloa.scheduler.broadcast.Playlist;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.broadcast.StreamSlot;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Targets;
import org.openloa.scheduler.schedule.Recurring;

class PlanResolverTest {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Clock clock = Clock.fixed(vn("2027-03-01T00:00"), VIETNAM);
    private final PlanResolver resolver = new PlanResolver(clock);
    private final DeviceProfile device = deviceInCommuneA("loa-1");

    @Test
    void weekdaysAt0600And1730From8To19March2027GiveExactly20ItemsAt0600Or1730InVietnamWhateverTheJvmZone() {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            Broadcast news = broadcast("news")
                    .schedule(new Recurring(
                            WEEKDAYS,
                            Set.of(),
                            List.of(LocalTime.of(6, 0), LocalTime.of(17, 30)),
                            LocalDate.of(2027, 3, 8),
                            LocalDate.of(2027, 3, 19),
                            Set.of()))
                    .build();

            Plan plan = resolver.resolve(device, List.of(news), vnWindow("2027-03-01T00:00", "2027-04-01T00:00"));

            assertThat(plan.items()).hasSize(20);
            assertThat(plan.items()).allSatisfy(item -> {
                OffsetDateTime start = item.start().atZone(plan.zone()).toOffsetDateTime();
                assertThat(start.getOffset()).isEqualTo(ZoneOffset.ofHours(7));
                assertThat(start.toLocalTime()).isIn(LocalTime.of(6, 0), LocalTime.of(17, 30));
                assertThat(item.delay()).isZero();
            });
            assertThat(plan.unplaced()).isEmpty();
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void anEmergencyCutsTheNormalItemPlayingAndTheRestResumesFromTheInterruptedMediaItem() {
        Broadcast news = broadcast("news")
                .at("2027-03-08T06:00")
                .minutesOfMedia(10, 10, 10)
                .mayWait(minutes(30))
                .build();
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T06:12")
                .minutesOfMedia(5)
                .emergency()
                .build();

        Plan plan = resolve(news, flood);

        assertThat(timeline(plan))
                .containsExactly("news 06:00-06:12 cut", "flood 06:12-06:17", "news 06:17-06:37 resumed from +10m");
        PlanItem rest = plan.items().get(2);
        assertThat(mediaIds(rest)).containsExactly("news-2", "news-3");
        assertThat(rest.delay()).isEqualTo(minutes(7));
        assertThat(rest.id()).isNotEqualTo(plan.items().get(0).id()).endsWith("#1");
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void anItemCutByTwoEmergenciesResumesAfterEachAndKeepsDistinctIds() {
        Broadcast news = broadcast("news")
                .at("2027-03-08T06:00")
                .minutesOfMedia(10, 10, 10)
                .mayWait(minutes(60))
                .build();
        Broadcast storm = broadcast("storm")
                .at("2027-03-08T06:05")
                .minutesOfMedia(5)
                .emergency()
                .build();
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T06:20")
                .minutesOfMedia(5)
                .emergency()
                .build();

        Plan plan = resolve(news, storm, flood);

        assertThat(timeline(plan))
                .containsExactly(
                        "news 06:00-06:05 cut",
                        "storm 06:05-06:10",
                        "news 06:10-06:20 cut resumed from +0m",
                        "flood 06:20-06:25",
                        "news 06:25-06:45 resumed from +10m");
        // The second cut fell exactly where media 2 begins: media 1 had played in full, so it is not replayed.
        assertThat(plan.items()).extracting(PlanItem::id).doesNotHaveDuplicates();
    }

    @Test
    void aCutStreamIsRejoinedForWhatIsLeftOfItsSlot() {
        Broadcast relay = broadcast("relay").at("2027-03-08T06:00").stream("https://radio.example/vov1", 30)
                .build();
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T06:12")
                .minutesOfMedia(5)
                .emergency()
                .build();

        Plan plan = resolve(relay, flood);

        assertThat(timeline(plan))
                .containsExactly("relay 06:00-06:12 cut", "flood 06:12-06:17", "relay 06:17-06:35 resumed from +12m");
        assertThat(plan.items().get(2).content())
                .isEqualTo(new StreamSlot(URI.create("https://radio.example/vov1"), minutes(18)));
    }

    @Test
    void theRestOfAnInterruptedItemThatMayNotBeDelayedIsReportedNotResumed() {
        Broadcast news = broadcast("news")
                .at("2027-03-08T06:00")
                .minutesOfMedia(10, 10, 10)
                .onTimeOrNotAtAll()
                .build();
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T06:12")
                .minutesOfMedia(5)
                .emergency()
                .build();

        Plan plan = resolve(news, flood);

        assertThat(timeline(plan)).containsExactly("news 06:00-06:12 cut", "flood 06:12-06:17");
        assertThat(plan.unplaced()).singleElement().satisfies(missing -> {
            assertThat(missing.broadcast()).isEqualTo(id("news"));
            assertThat(missing.reason()).isEqualTo(Unplaced.Reason.NOT_RESUMED);
            assertThat(missing.part()).isEqualTo(1);
            assertThat(missing.wantedStart()).isEqualTo(vn("2027-03-08T06:10"));
            assertThat(missing.length()).isEqualTo(minutes(20));
            assertThat(missing.blockedBy()).contains(id("flood"));
        });
    }

    @Test
    void anItemDueDuringAnEmergencyWaitsForItsEnd() {
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T05:55")
                .minutesOfMedia(10)
                .emergency()
                .build();
        Broadcast news = broadcast("news")
                .at("2027-03-08T06:00")
                .minutesOfMedia(10)
                .mayWait(minutes(30))
                .build();

        assertThat(timeline(resolve(news, flood))).containsExactly("flood 05:55-06:05", "news 06:05-06:15");
    }

    @Test
    void anItemThatCannotStartWithinItsAllowedDelayIsReportedWithTheBroadcastHoldingTheDevice() {
        Broadcast first =
                broadcast("first").at("2027-03-08T06:00").minutesOfMedia(30).build();
        Broadcast second = broadcast("second")
                .at("2027-03-08T06:10")
                .minutesOfMedia(10)
                .onTimeOrNotAtAll()
                .build();

        Plan plan = resolve(first, second);

        assertThat(timeline(plan)).containsExactly("first 06:00-06:30");
        assertThat(plan.unplaced()).singleElement().satisfies(missing -> {
            assertThat(missing.broadcast()).isEqualTo(id("second"));
            assertThat(missing.reason()).isEqualTo(Unplaced.Reason.DELAY_EXCEEDED);
            assertThat(missing.wantedStart()).isEqualTo(vn("2027-03-08T06:10"));
            assertThat(missing.blockedBy()).contains(id("first"));
        });
    }

    @Test
    void overlappingEmergenciesPlayOneAfterTheOtherWhateverTheirAllowedDelay() {
        Broadcast storm = broadcast("storm")
                .at("2027-03-08T06:00")
                .minutesOfMedia(10)
                .emergency()
                .build();
        Broadcast flood = broadcast("flood")
                .at("2027-03-08T06:05")
                .minutesOfMedia(10)
                .emergency()
                .onTimeOrNotAtAll()
                .build();

        Plan plan = resolve(flood, storm);

        assertThat(timeline(plan)).containsExactly("storm 06:00-06:10", "flood 06:10-06:20");
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void priorityPlaysBeforeNormalItemsDueAtTheSameTimeEvenIfBookedLater() {
        Broadcast normal = broadcast("a-normal")
                .at("2027-03-08T06:00")
                .createdAt("2026-01-01T00:00:00Z")
                .build();
        Broadcast priority = broadcast("z-priority")
                .at("2027-03-08T06:00")
                .priority(Priority.PRIORITY)
                .createdAt("2027-02-01T00:00:00Z")
                .build();

        assertThat(timeline(resolve(normal, priority)))
                .containsExactly("z-priority 06:00-06:10", "a-normal 06:10-06:20");
    }

    @Test
    void priorityDoesNotInterruptANormalItemAlreadyPlayingButGoesBeforeNormalItemsWaiting() {
        Broadcast playing =
                broadcast("playing").at("2027-03-08T06:00").minutesOfMedia(30).build();
        Broadcast waiting = broadcast("waiting")
                .at("2027-03-08T06:05")
                .minutesOfMedia(10)
                .mayWait(minutes(60))
                .build();
        Broadcast priority = broadcast("priority")
                .at("2027-03-08T06:10")
                .priority(Priority.PRIORITY)
                .mayWait(minutes(60))
                .build();

        assertThat(timeline(resolve(playing, waiting, priority)))
                .containsExactly("playing 06:00-06:30", "priority 06:30-06:40", "waiting 06:40-06:50");
    }

    @Test
    void betweenEqualPrioritiesTheEarlierStartPlaysFirstWhoeverWasBookedFirst() {
        Broadcast early = broadcast("early")
                .at("2027-03-08T06:00")
                .createdAt("2027-02-01T00:00:00Z")
                .build();
        Broadcast late = broadcast("late")
                .at("2027-03-08T06:05")
                .createdAt("2026-01-01T00:00:00Z")
                .build();

        assertThat(timeline(resolve(late, early))).containsExactly("early 06:00-06:10", "late 06:10-06:20");
    }

    @Test
    void betweenEqualPrioritiesStartingTogetherTheEarlierBookingPlaysFirstAndTheOtherFollows() {
        Broadcast booked = broadcast("b-booked-first")
                .at("2027-03-08T06:00")
                .createdAt("2027-01-01T00:00:00Z")
                .build();
        Broadcast later = broadcast("a-booked-later")
                .at("2027-03-08T06:00")
                .createdAt("2027-01-02T00:00:00Z")
                .build();

        assertThat(timeline(resolve(later, booked)))
                .containsExactly("b-booked-first 06:00-06:10", "a-booked-later 06:10-06:20");
    }

    @Test
    void betweenEqualPrioritiesStartingAndBookedTogetherTheSmallerIdPlaysFirst() {
        Broadcast b = broadcast("b").at("2027-03-08T06:00").build();
        Broadcast a = broadcast("a").at("2027-03-08T06:00").build();

        assertThat(timeline(resolve(b, a))).containsExactly("a 06:00-06:10", "b 06:10-06:20");
    }

    @Test
    void thePlanDoesNotDependOnTheOrderTheBroadcastsAreGiven() {
        List<Broadcast> broadcasts = new ArrayList<>(List.of(
                broadcast("n1").at("2027-03-08T06:00").minutesOfMedia(10, 10).build(),
                broadcast("n2").at("2027-03-08T06:00").build(),
                broadcast("n3").at("2027-03-08T06:05").onTimeOrNotAtAll().build(),
                broadcast("p1")
                        .at("2027-03-08T06:10")
                        .priority(Priority.PRIORITY)
                        .build(),
                broadcast("p2")
                        .at("2027-03-08T06:00")
                        .priority(Priority.PRIORITY)
                        .build(),
                broadcast("e1").at("2027-03-08T06:15").emergency().build(),
                broadcast("e2").at("2027-03-08T06:15").emergency().build()));
        Plan reference = resolver.resolve(device, broadcasts, vnDay("2027-03-08"));
        Random random = new Random(39);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(broadcasts, random);
            Plan shuffled = resolver.resolve(device, broadcasts, vnDay("2027-03-08"));
            assertThat(shuffled.items()).isEqualTo(reference.items());
            assertThat(shuffled.unplaced()).isEqualTo(reference.unplaced());
        }
    }

    @Test
    void aRepeatCountPlaysTheContentThatManyTimesBackToBack() {
        Broadcast reminder = broadcast("reminder")
                .at("2027-03-08T06:00")
                .minutesOfMedia(2, 3)
                .repeat(3)
                .build();

        Plan plan = resolve(reminder);

        assertThat(timeline(plan)).containsExactly("reminder 06:00-06:15");
        assertThat(mediaIds(plan.items().get(0)))
                .containsExactly("reminder-1", "reminder-2", "reminder-1", "reminder-2", "reminder-1", "reminder-2");
    }

    @Test
    void aPausedBroadcastIsReportedForEachOccurrenceNotPlayed() {
        Broadcast paused = broadcast("paused")
                .schedule(dailyAt("2027-03-01", null, "06:00", "17:30"))
                .state(BroadcastState.PAUSED)
                .build();

        Plan plan = resolve(paused);

        assertThat(plan.items()).isEmpty();
        assertThat(plan.unplaced())
                .extracting(Unplaced::reason)
                .containsExactly(Unplaced.Reason.PAUSED, Unplaced.Reason.PAUSED);
    }

    @Test
    void anEndedBroadcastAndOneThatDoesNotReachTheDeviceAreLeftOut() {
        Broadcast ended = broadcast("ended").state(BroadcastState.ENDED).build();
        Broadcast elsewhere = broadcast("elsewhere")
                .targets(Targets.areas(Fixtures.COMMUNE_B))
                .build();

        Plan plan = resolve(ended, elsewhere);

        assertThat(plan.items()).isEmpty();
        assertThat(plan.unplaced()).isEmpty();
    }

    @Test
    void aBroadcastNamingADeviceOutsideItsAreasReachesThatDeviceAndNoOther() {
        DeviceProfile inB = deviceInCommuneB("loa-b");
        DeviceProfile otherInB = deviceInCommuneB("loa-b2");
        Broadcast byPolygon = broadcast("polygon")
                .targets(new Targets(Set.of(), Set.of(), Set.of(inB.id())))
                .build();

        assertThat(timeline(resolver.resolve(inB, List.of(byPolygon), vnDay("2027-03-08"))))
                .containsExactly("polygon 06:00-06:10");
        assertThat(resolver.resolve(otherInB, List.of(byPolygon), vnDay("2027-03-08"))
                        .items())
                .isEmpty();
    }

    @Test
    void normalContentFromTheProvinceAirsOnlyInCommunesThatAcceptedIt() {
        Broadcast provincial = broadcast("provincial")
                .targets(Targets.areas(PROVINCE))
                .acceptance(Acceptance.acceptedIn(COMMUNE_A))
                .build();
        DeviceProfile inB = deviceInCommuneB("loa-b");

        assertThat(timeline(resolve(provincial))).containsExactly("provincial 06:00-06:10");
        Plan planB = resolver.resolve(inB, List.of(provincial), vnDay("2027-03-08"));
        assertThat(planB.items()).isEmpty();
        assertThat(planB.unplaced()).extracting(Unplaced::reason).containsExactly(Unplaced.Reason.NOT_ACCEPTED);
    }

    @Test
    void priorityContentFromTheProvinceAirsWithoutWaitingForAcceptance() {
        Broadcast provincial = broadcast("provincial")
                .targets(Targets.areas(PROVINCE))
                .priority(Priority.PRIORITY)
                .acceptance(Acceptance.awaiting())
                .build();

        Plan plan = resolver.resolve(deviceInCommuneB("loa-b"), List.of(provincial), vnDay("2027-03-08"));

        assertThat(timeline(plan)).containsExactly("provincial 06:00-06:10");
    }

    @Test
    void anItemAlreadyPlayingAtTheWindowStartIsInTheplanWithItsRealStartAndStillPushesTheNextOne() {
        Broadcast early =
                broadcast("early").at("2027-03-08T05:50").minutesOfMedia(30).build();
        Broadcast next = broadcast("next").at("2027-03-08T06:00").build();

        Plan plan = resolver.resolve(device, List.of(early, next), vnWindow("2027-03-08T06:00", "2027-03-08T12:00"));

        assertThat(timeline(plan)).containsExactly("early 05:50-06:20", "next 06:20-06:30");
    }

    @Test
    void twoConsecutiveWindowsGiveTheSameItemsAsOneWindowCoveringBoth() {
        List<Broadcast> day = List.of(
                broadcast("morning")
                        .schedule(dailyAt("2027-03-01", null, "06:00"))
                        .minutesOfMedia(20, 20)
                        .build(),
                broadcast("noon")
                        .schedule(dailyAt("2027-03-01", null, "11:50"))
                        .minutesOfMedia(15)
                        .build(),
                broadcast("noon-2")
                        .schedule(dailyAt("2027-03-01", null, "11:55"))
                        .minutesOfMedia(10)
                        .build(),
                broadcast("alert").at("2027-03-08T11:58").emergency().build(),
                broadcast("evening")
                        .schedule(dailyAt("2027-03-01", null, "17:30"))
                        .build());

        Plan whole = resolver.resolve(device, day, vnDay("2027-03-08"));
        Plan am = resolver.resolve(device, day, vnWindow("2027-03-08T00:00", "2027-03-08T12:00"));
        Plan pm = resolver.resolve(device, day, vnWindow("2027-03-08T12:00", "2027-03-09T00:00"));

        Set<PlanItem> joined = new LinkedHashSet<>(am.items());
        joined.addAll(pm.items());
        assertThat(new ArrayList<>(joined)).isEqualTo(whole.items());
        // The noon bulletin, cut at 11:58, starts again from its beginning after the alert.
        assertThat(timeline(am)).endsWith("noon 11:50-11:58 cut", "alert 11:58-12:08");
        assertThat(timeline(pm))
                .startsWith("alert 11:58-12:08", "noon 12:08-12:23 resumed from +0m", "noon-2 12:23-12:33");
    }

    @Test
    void anItemRunningPastMidnightPushesTheFirstSlotOfTheNextDay() {
        Broadcast late = broadcast("late")
                .schedule(dailyAt("2027-03-01", null, "23:50"))
                .minutesOfMedia(20)
                .build();
        Broadcast early = broadcast("early")
                .schedule(dailyAt("2027-03-01", null, "00:00"))
                .build();

        Plan plan = resolver.resolve(device, List.of(late, early), vnWindow("2027-03-08T23:00", "2027-03-09T01:00"));

        assertThat(timeline(plan)).containsExactly("late 23:50-00:10", "early 00:10-00:20");
    }

    @Test
    void anExceptDateStopsTheSlotsStartingThatDayNotTheItemRunningIntoIt() {
        Recurring lateExceptTheNinth = new Recurring(
                Set.of(),
                Set.of(),
                List.of(LocalTime.of(23, 50)),
                LocalDate.of(2027, 3, 1),
                null,
                Set.of(LocalDate.of(2027, 3, 9)));
        Broadcast late = broadcast("late")
                .schedule(lateExceptTheNinth)
                .minutesOfMedia(20)
                .build();

        Plan plan = resolver.resolve(device, List.of(late), vnWindow("2027-03-09T00:00", "2027-03-10T00:00"));

        assertThat(plan.items())
                .singleElement()
                .satisfies(item -> assertThat(item.occurrence()).isEqualTo(vn("2027-03-08T23:50")));
    }

    @Test
    void aRecurringBroadcastIsReadInEachDevicesOwnZone() {
        Broadcast morning = broadcast("morning")
                .targets(Targets.areas(PROVINCE))
                .schedule(dailyAt("2027-03-13", "2027-03-15", "06:00"))
                .build();
        DeviceProfile abroad = Fixtures.device("loa-ny", NEW_YORK, Set.of(PROVINCE));
        Window window = new Window(vn("2027-03-10T00:00"), vn("2027-03-20T00:00"));

        Plan here = resolver.resolve(device, List.of(morning), window);
        Plan there = resolver.resolve(abroad, List.of(morning), window);

        assertThat(here.items())
                .extracting(i -> i.start().atZone(VIETNAM).toLocalTime())
                .containsOnly(LocalTime.of(6, 0));
        assertThat(there.items())
                .extracting(i -> i.start().atZone(NEW_YORK).toOffsetDateTime())
                .containsExactly(
                        OffsetDateTime.parse("2027-03-13T06:00-05:00"),
                        OffsetDateTime.parse("2027-03-14T06:00-04:00"),
                        OffsetDateTime.parse("2027-03-15T06:00-04:00"));
    }

    @Test
    void resolvingAllDevicesAtOnceGivesTheSamePlansAsOneByOne() {
        // loa-1 and its twin hear the same broadcasts, so resolveAll shares their timeline.
        List<DeviceProfile> devices = List.of(
                device,
                deviceInCommuneA("loa-2", "market"),
                deviceInCommuneB("loa-b"),
                Fixtures.device("loa-ny", NEW_YORK, Set.of(PROVINCE)),
                deviceInCommuneA("loa-1-twin"));
        List<Broadcast> broadcasts = List.of(
                broadcast("province")
                        .targets(Targets.areas(PROVINCE))
                        .schedule(dailyAt("2027-03-01", null, "06:00"))
                        .minutesOfMedia(10, 5)
                        .build(),
                broadcast("market")
                        .targets(new Targets(Set.of(), Set.of(new org.openloa.scheduler.reach.Tag("market"))))
                        .schedule(dailyAt("2027-03-01", null, "06:05"))
                        .build(),
                broadcast("commune")
                        .schedule(dailyAt("2027-03-01", null, "06:00", "17:30"))
                        .build(),
                broadcast("alert")
                        .targets(Targets.areas(PROVINCE))
                        .at("2027-03-09T06:03")
                        .emergency()
                        .build());
        Window week = new Window(vn("2027-03-08T00:00"), vn("2027-03-15T00:00"));

        var all = resolver.resolveAll(devices, broadcasts, week);

        assertThat(all.keySet())
                .extracting(DeviceId::value)
                .containsExactly("loa-1", "loa-2", "loa-b", "loa-ny", "loa-1-twin");
        assertThat(all.get(new DeviceId("loa-1-twin")).device()).isEqualTo(new DeviceId("loa-1-twin"));
        assertThat(all.get(new DeviceId("loa-1-twin")).items())
                .isNotEmpty()
                .isSameAs(all.get(device.id()).items());
        for (DeviceProfile each : devices) {
            assertThat(all.get(each.id())).isEqualTo(resolver.resolve(each, broadcasts, week));
        }
    }

    @Test
    void resolvingAheadStartsAtTheClocksNowAndStampsTheResolution() {
        Clock later = Clock.fixed(vn("2027-03-08T05:00"), VIETNAM);
        Broadcast news =
                broadcast("news").schedule(dailyAt("2027-03-01", null, "06:00")).build();

        Plan plan = new PlanResolver(later).resolveAhead(device, List.of(news), Duration.ofHours(48));

        assertThat(plan.window()).isEqualTo(new Window(vn("2027-03-08T05:00"), vn("2027-03-10T05:00")));
        assertThat(plan.resolvedAt()).isEqualTo(vn("2027-03-08T05:00"));
        assertThat(plan.items()).hasSize(2);
    }

    @Test
    void anItemKeepsItsIdWhenAReplanMovesIt() {
        Broadcast news = broadcast("news").at("2027-03-08T06:00").build();
        Broadcast priority = broadcast("priority")
                .at("2027-03-08T06:00")
                .priority(Priority.PRIORITY)
                .build();

        PlanItem before = resolve(news).items().get(0);
        PlanItem after = resolve(news, priority).items().get(1);

        assertThat(after.start()).isNotEqualTo(before.start());
        assertThat(after.id()).isEqualTo(before.id()).isEqualTo("news@" + vn("2027-03-08T06:00"));
    }

    @Test
    void aBroadcastListedTwiceIsAnError() {
        Broadcast news = broadcast("news").build();

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(news, news))
                .withMessageContaining("news");
    }

    private Plan resolve(Broadcast... broadcasts) {
        return resolver.resolve(device, List.of(broadcasts), vnDay("2027-03-08"));
    }

    private static BroadcastId id(String value) {
        return new BroadcastId(value);
    }

    private static List<String> mediaIds(PlanItem item) {
        return ((Playlist) item.content())
                .items().stream().map(MediaItem::id).map(m -> m.value()).toList();
    }

    /** "news 06:00-06:12 cut", "news 06:17-06:37 resumed from +10m": local times in Vietnam. */
    static List<String> timeline(Plan plan) {
        return plan.items().stream()
                .map(item -> item.broadcast() + " "
                        + HH_MM.format(item.start().atZone(VIETNAM)) + "-"
                        + HH_MM.format(item.end().atZone(VIETNAM))
                        + (item.cut() ? " cut" : "")
                        + (item.resumed() ? " resumed from +" + item.offset().toMinutes() + "m" : ""))
                .toList();
    }
}
