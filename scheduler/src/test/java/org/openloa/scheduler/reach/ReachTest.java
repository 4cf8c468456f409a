package org.openloa.scheduler.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.scheduler.Fixtures.COMMUNE_A;
import static org.openloa.scheduler.Fixtures.COMMUNE_B;
import static org.openloa.scheduler.Fixtures.PROVINCE;
import static org.openloa.scheduler.Fixtures.VILLAGE_A1;
import static org.openloa.scheduler.Fixtures.deviceInCommuneA;
import static org.openloa.scheduler.Fixtures.deviceInCommuneB;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

class ReachTest {

    private final DeviceProfile a1 = deviceInCommuneA("a1", "market");
    private final DeviceProfile a2 = deviceInCommuneA("a2", "school");
    private final DeviceProfile b1 = deviceInCommuneB("b1", "market");
    private final Reach reach = Reach.of(List.of(a1, a2, b1));

    @Test
    void targetingAnAreaReachesEveryDeviceUnderIt() {
        assertThat(reach.devicesReachedBy(Targets.areas(PROVINCE))).containsExactly(a1, a2, b1);
        assertThat(reach.devicesReachedBy(Targets.areas(COMMUNE_A))).containsExactly(a1, a2);
        assertThat(reach.devicesReachedBy(Targets.areas(VILLAGE_A1))).containsExactly(a1, a2);
    }

    @Test
    void areasAndTagsNarrowEachOther() {
        Targets marketsOfCommuneA = new Targets(Set.of(COMMUNE_A), Set.of(new Tag("market")));

        assertThat(reach.devicesReachedBy(marketsOfCommuneA)).containsExactly(a1);
        assertThat(marketsOfCommuneA.reaches(b1)).isFalse();
    }

    @Test
    void tagsAloneReachEveryDeviceWithTheTag() {
        assertThat(reach.devicesReachedBy(new Targets(Set.of(), Set.of(new Tag("market")))))
                .containsExactly(a1, b1);
    }

    @Test
    void aChangeAffectsTheDevicesReachedBeforeAndThoseReachedAfterAndNoOthers() {
        assertThat(reach.affectedByChange(
                        Targets.areas(COMMUNE_B), new Targets(Set.of(COMMUNE_A), Set.of(new Tag("school")))))
                .containsExactly(a2.id(), b1.id());
    }

    @Test
    void aNewBroadcastAffectsTheDevicesItReachesAndADeletedOneThoseItReached() {
        assertThat(reach.affectedByChange(null, Targets.areas(COMMUNE_B))).containsExactly(b1.id());
        assertThat(reach.affectedByChange(Targets.areas(COMMUNE_A), null)).containsExactly(a1.id(), a2.id());
    }

    @Test
    void targetsWithNeitherAreaNorTagAreRefused() {
        try {
            new Targets(Set.of(), Set.of());
        } catch (RuleViolationException e) {
            assertThat(e.violations()).extracting(RuleViolation::rule).containsExactly(Rule.NO_TARGETS);
            return;
        }
        throw new AssertionError("expected a RuleViolationException");
    }

    @Test
    void byDeviceListsEveryDeviceWithWhatReachesItEvenWhenNothingDoes() {
        Map<DeviceId, List<String>> byDevice = reach.byDevice(
                List.of("commune-b", "markets"),
                name -> name.equals("markets")
                        ? new Targets(Set.of(), Set.of(new Tag("market")))
                        : Targets.areas(COMMUNE_B));

        assertThat(byDevice)
                .containsExactly(
                        Map.entry(a1.id(), List.of("markets")),
                        Map.entry(a2.id(), List.of()),
                        Map.entry(b1.id(), List.of("commune-b", "markets")));
    }

    @Test
    void devicesNamedOneByOneAreAddedToTheSelectionOfAreasAndTags() {
        Targets marketsOfCommuneAAndB1 = new Targets(Set.of(COMMUNE_A), Set.of(new Tag("school")), Set.of(b1.id()));

        assertThat(reach.devicesReachedBy(marketsOfCommuneAAndB1)).containsExactly(a2, b1);
        assertThat(marketsOfCommuneAAndB1.reaches(b1)).isTrue();
        assertThat(marketsOfCommuneAAndB1.reaches(a1)).isFalse();
    }

    @Test
    void devicesAloneReachOnlyThoseDevicesAndUnknownOnesNothing() {
        Targets justA2 = new Targets(Set.of(), Set.of(), Set.of(a2.id(), new DeviceId("not-indexed")));

        assertThat(reach.devicesReachedBy(justA2)).containsExactly(a2);
        assertThat(justA2.reaches(a1)).isFalse();
        assertThat(justA2.reaches(b1)).isFalse();
        assertThat(Targets.devices(b1.id()).selects()).isFalse();
    }

    @Test
    void aChangeOfNamedDevicesAffectsTheDevicesNamedBeforeAndAfter() {
        assertThat(reach.affectedByChange(Targets.devices(a1.id()), Targets.devices(b1.id())))
                .containsExactly(a1.id(), b1.id());
        assertThat(reach.affectedByChange(null, Targets.devices(a2.id()))).containsExactly(a2.id());
    }

    @Test
    void byDeviceHonoursNamedDevices() {
        Map<DeviceId, List<String>> byDevice = reach.byDevice(List.of("b1 only"), name -> Targets.devices(b1.id()));

        assertThat(byDevice)
                .containsExactly(
                        Map.entry(a1.id(), List.of()),
                        Map.entry(a2.id(), List.of()),
                        Map.entry(b1.id(), List.of("b1 only")));
    }
}
