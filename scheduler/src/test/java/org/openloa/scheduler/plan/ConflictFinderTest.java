package org.openloa.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.scheduler.Fixtures.COMMUNE_A;
import static org.openloa.scheduler.Fixtures.COMMUNE_B;
import static org.openloa.scheduler.Fixtures.NEW_YORK;
import static org.openloa.scheduler.Fixtures.PROVINCE;
import static org.openloa.scheduler.Fixtures.broadcast;
import static org.openloa.scheduler.Fixtures.dailyAt;
import static org.openloa.scheduler.Fixtures.deviceInCommuneA;
import static org.openloa.scheduler.Fixtures.deviceInCommuneB;
import static org.openloa.scheduler.Fixtures.vn;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Fixtures;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.broadcast.Acceptance;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Targets;

class ConflictFinderTest {

    private final List<DeviceProfile> devices =
            List.of(deviceInCommuneA("loa-a1"), deviceInCommuneA("loa-a2"), deviceInCommuneB("loa-b1"));
    private final Window march = new Window(vn("2027-03-01T00:00"), vn("2027-04-01T00:00"));

    @Test
    void aSamePriorityOverlapOnSharedDevicesIsAConflictNamingTheDevicesAndWhoPlaysFirst() {
        Broadcast existing = broadcast("morning-news")
                .schedule(dailyAt("2027-03-08", "2027-03-09", "06:00"))
                .targets(Targets.areas(PROVINCE))
                .build();
        Broadcast proposed = broadcast("health-notice").at("2027-03-09T06:05").build();

        List<Conflict> conflicts = ConflictFinder.find(proposed, List.of(existing), devices, march);

        assertThat(conflicts).singleElement().satisfies(conflict -> {
            assertThat(conflict.existing()).isEqualTo(new BroadcastId("morning-news"));
            assertThat(conflict.existingStart()).isEqualTo(vn("2027-03-09T06:00"));
            assertThat(conflict.proposedStart()).isEqualTo(vn("2027-03-09T06:05"));
            assertThat(conflict.priority()).isEqualTo(Priority.NORMAL);
            assertThat(conflict.playsFirst()).isEqualTo(new BroadcastId("morning-news"));
            assertThat(conflict.devices()).extracting(DeviceId::value).containsExactly("loa-a1", "loa-a2");
        });
    }

    @Test
    void overlapsOfDifferentPrioritiesAreSettledByTheRulesNotReportedAsConflicts() {
        Broadcast existing = broadcast("news").at("2027-03-09T06:00").build();
        Broadcast proposed =
                broadcast("alert").at("2027-03-09T06:05").emergency().build();

        assertThat(ConflictFinder.find(proposed, List.of(existing), devices, march))
                .isEmpty();
    }

    @Test
    void overlapsOnDifferentDevicesAreNotConflicts() {
        Broadcast existing = broadcast("news-b")
                .at("2027-03-09T06:00")
                .targets(Targets.areas(COMMUNE_B))
                .build();
        Broadcast proposed = broadcast("news-a")
                .at("2027-03-09T06:00")
                .targets(Targets.areas(COMMUNE_A))
                .build();

        assertThat(ConflictFinder.find(proposed, List.of(existing), devices, march))
                .isEmpty();
    }

    @Test
    void anItemEndingWhenTheOtherStartsIsNotAConflict() {
        Broadcast existing = broadcast("news").at("2027-03-09T06:00").build();
        Broadcast proposed = broadcast("weather").at("2027-03-09T06:10").build();

        assertThat(ConflictFinder.find(proposed, List.of(existing), devices, march))
                .isEmpty();
    }

    @Test
    void editingABroadcastDoesNotConflictWithItsOwnOlderVersion() {
        Broadcast saved = broadcast("news").at("2027-03-09T06:00").build();
        Broadcast edited = saved.withSchedule(Fixtures.onceAt("2027-03-09T06:05"));

        assertThat(ConflictFinder.find(edited, List.of(saved), devices, march)).isEmpty();
    }

    @Test
    void broadcastsThatDoNotAirOnADeviceDoNotConflictThere() {
        Broadcast notAccepted = broadcast("provincial")
                .at("2027-03-09T06:00")
                .targets(Targets.areas(PROVINCE))
                .acceptance(Acceptance.acceptedIn(COMMUNE_B))
                .build();
        Broadcast paused = broadcast("paused")
                .at("2027-03-09T06:00")
                .state(BroadcastState.PAUSED)
                .build();
        Broadcast proposed = broadcast("commune-a").at("2027-03-09T06:00").build();

        assertThat(ConflictFinder.find(proposed, List.of(notAccepted, paused), devices, march))
                .isEmpty();
    }

    @Test
    void aRecurringBroadcastIsComparedInEachDevicesOwnZone() {
        // 18:00 in New York on 8 March 2027 (EST) is 06:00 on 9 March in Vietnam.
        DeviceProfile abroad = Fixtures.device("loa-ny", NEW_YORK, Set.of(PROVINCE));
        Broadcast evening = broadcast("evening")
                .schedule(dailyAt("2027-03-08", "2027-03-08", "18:00"))
                .targets(Targets.areas(PROVINCE))
                .build();
        Broadcast proposed = broadcast("morning")
                .at("2027-03-09T06:00")
                .targets(Targets.areas(PROVINCE))
                .build();

        List<Conflict> conflicts =
                ConflictFinder.find(proposed, List.of(evening), List.of(deviceInCommuneA("loa-a1"), abroad), march);

        assertThat(conflicts).singleElement().satisfies(conflict -> {
            assertThat(conflict.devices()).extracting(DeviceId::value).containsExactly("loa-ny");
            assertThat(conflict.existingStart()).isEqualTo(Instant.parse("2027-03-08T23:00:00Z"));
        });
    }

    @Test
    void eachClashingPairOfOccurrencesIsListedOnceInOrder() {
        Broadcast existing = broadcast("news")
                .schedule(dailyAt("2027-03-08", "2027-03-10", "06:00"))
                .build();
        Broadcast proposed = broadcast("notice")
                .schedule(dailyAt("2027-03-09", "2027-03-12", "06:05"))
                .build();

        assertThat(ConflictFinder.find(proposed, List.of(existing), devices, march))
                .extracting(Conflict::proposedStart)
                .containsExactly(vn("2027-03-09T06:05"), vn("2027-03-10T06:05"));
    }
}
