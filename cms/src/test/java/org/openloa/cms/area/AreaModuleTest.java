package org.openloa.cms.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.audit.AuditEvent;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The area module started alone, with only what it uses (access, audit, problem): no device, bulletin or
 * broadcast code is there, so nothing here can lean on them.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Tag("database")
class AreaModuleTest {

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

    @Autowired
    AreaService areas;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ApplicationContext context;

    static final Caller NATIONAL =
            new Caller(UUID.randomUUID(), "quoc-gia", Set.of(Role.ADMIN), null, Caller.NATIONAL_SCOPE);

    @Test
    void theAreaModuleStartsWithoutTheModulesThatBuildOnIt() {
        assertThat(context.getBeanNamesForType(AreaService.class)).hasSize(1);
        assertThat(context.containsBean("deviceService")).isFalse();
        assertThat(context.containsBean("bulletinService")).isFalse();
        assertThat(context.containsBean("broadcastService")).isFalse();
    }

    @Test
    void aProvinceAdministratorAddsACommuneUnderTheirProvinceAndTheChangeIsAudited() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Area province = transaction.execute(
                s -> areas.create(NATIONAL, new AreaDraft("P" + suffix, "Tỉnh " + suffix, "province", null, null)));
        Caller provinceAdmin =
                new Caller(UUID.randomUUID(), "tinh", Set.of(Role.ADMIN), province.id(), province.path());

        Area commune = transaction.execute(s -> areas.create(
                provinceAdmin, new AreaDraft("C" + suffix, "Xã " + suffix, "commune", province.id(), null)));

        assertThat(commune.path()).startsWith(province.path()).isEqualTo(province.path() + commune.id() + "/");
        assertThat(areas.visibleTo(provinceAdmin)).extracting(Area::id).containsExactly(province.id(), commune.id());
        assertThat(audit.search(NATIONAL, new AuditLog.AuditQuery(null, "AREA_CREATED", null, null, 0, 200))
                        .getContent())
                .extracting(AuditEvent::getTargetId)
                .contains(province.id().toString(), commune.id().toString());
    }

    @Test
    void anAreaOutsideTheCallersReachIsNotFoundAndNothingIsAdded() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Area mine = transaction.execute(
                s -> areas.create(NATIONAL, new AreaDraft("M" + suffix, "Tỉnh A " + suffix, "province", null, null)));
        Area theirs = transaction.execute(
                s -> areas.create(NATIONAL, new AreaDraft("T" + suffix, "Tỉnh B " + suffix, "province", null, null)));
        Caller admin = new Caller(UUID.randomUUID(), "tinh-a", Set.of(Role.ADMIN), mine.id(), mine.path());

        assertThatThrownBy(() -> areas.get(admin, theirs.id()))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.kind()).isEqualTo(RefusalKind.NOT_FOUND));
        assertThatThrownBy(() -> transaction.execute(
                        s -> areas.create(admin, new AreaDraft("X" + suffix, "Xã lạ", "commune", theirs.id(), null))))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.kind()).isEqualTo(RefusalKind.NOT_FOUND));
        assertThat(areas.visibleTo(NATIONAL)).extracting(Area::code).doesNotContain("X" + suffix);
    }
}
