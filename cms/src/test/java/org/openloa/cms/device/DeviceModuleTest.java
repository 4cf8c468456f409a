package org.openloa.cms.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaDraft;
import org.openloa.cms.area.AreaService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The device module started with only what it uses (access, area, audit, problem): the plan module that reacts
 * to its events, and the modules that ask it about devices, are not there.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Tag("database")
class DeviceModuleTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    /** The server's clock comes from the shell module, which is not started here. */
    @TestConfiguration
    static class Time {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    static final Caller NATIONAL =
            new Caller(UUID.randomUUID(), "quoc-gia", Set.of(Role.ADMIN), null, Caller.NATIONAL_SCOPE);

    @Autowired
    DeviceService devices;

    @Autowired
    AreaService areas;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void creatingADevicePublishesTheChangeForWhicheverModuleKeepsPlans(AssertablePublishedEvents events) {
        Area commune = area("commune", null);

        Device device = transaction.execute(s -> devices.create(
                NATIONAL, new DeviceDraft("Loa chợ", commune.id(), List.of("cho"), null, null, null, null)));

        assertThat(events)
                .contains(DeviceChanged.class)
                .matching(DeviceChanged::deviceId, device.id())
                .matching(changed -> changed.before() == null && changed.after() != null);
    }

    @Test
    void theDevicesUnderAnAreaAndTheirNamesAreAnsweredInOneQuestion() {
        Area province = area("province", null);
        Area commune = area("commune", province.id());
        Area other = area("commune", province.id());
        Device here = transaction.execute(s ->
                devices.create(NATIONAL, new DeviceDraft("Loa đình", commune.id(), List.of(), null, null, null, null)));
        Device there = transaction.execute(s ->
                devices.create(NATIONAL, new DeviceDraft("Loa trường", other.id(), List.of(), null, null, null, null)));
        transaction.executeWithoutResult(s -> devices.retire(NATIONAL, here.id()));

        assertThat(devices.namesUnder(commune.path()))
                .containsOnlyKeys(here.id())
                .containsValue(new DeviceName(here.id(), "Loa đình", commune.id()));
        assertThat(devices.namesUnder(province.path())).containsOnlyKeys(here.id(), there.id());
        assertThat(devices.names(List.of(there.id(), UUID.randomUUID(), there.id())))
                .containsOnlyKeys(there.id());
    }

    private Area area(String kind, UUID parentId) {
        String code = kind.charAt(0) + UUID.randomUUID().toString().substring(0, 8);
        return transaction.execute(
                s -> areas.create(NATIONAL, new AreaDraft(code, "Vùng " + code, kind, parentId, null)));
    }
}
