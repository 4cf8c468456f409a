package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.TestWorld;
import org.openloa.cms.TwoNodes;
import org.openloa.cms.access.Caller;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two cms nodes (two application contexts in one JVM) on one database, each holding the live programme in memory
 * ({@link ProgrammeCache}): a change committed through one node is in the other's plans at the next read, a
 * transaction sees its own change before it commits, and one that rolls back leaves both nodes with the programme
 * as it was. On PostgreSQL (a database of its own) with {@code -Dopenloa.test.database=postgresql}, else on one
 * H2 database in memory that both nodes open.
 */
class ProgrammeCacheTwoNodesTest {

    static final String S = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    static TwoNodes nodes;
    static ConfigurableApplicationContext one;
    static ConfigurableApplicationContext two;
    static Api adminOne;
    static Api adminTwo;
    static String province;
    static String communeA;
    static String communeB;
    static String device;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start("programme", "programme-secret-1234", List.of(), List.of());
        one = nodes.one;
        two = nodes.two;
        adminOne = nodes.admin(one);
        adminTwo = nodes.admin(two);
        province = TestWorld.area(adminOne, "PG" + S, "Tỉnh Lịch " + S, "province", null);
        communeA = TestWorld.area(adminOne, "PG" + S + "-A", "Xã Một", "commune", province);
        communeB = TestWorld.area(adminOne, "PG" + S + "-B", "Xã Hai", "commune", province);
        device = Scheduling.device(adminOne, communeA, "Loa chợ");
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aChangeCommittedOnOneNodeIsInTheOthersPlanAtOnce() {
        String id =
                Scheduling.create(adminOne, relay(communeA, "09:00")).get("id").asString();
        String before = plan(adminTwo);
        assertThat(before).contains(id);
        // Held between reads: a quiet programme is not built again.
        Programmes programmesTwo = two.getBean(Programmes.class);
        assertThat(programmesTwo.live()).isSameAs(programmesTwo.live());

        // An hour later, through node one: node two's next read places it at the new time.
        Api.Response moved = adminOne.patch("/api/v1/broadcasts/" + id, Map.of("schedule", weekdays("10:00")));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        String after = plan(adminTwo);
        assertThat(after).contains(id).isNotEqualTo(before).isEqualTo(plan(adminOne));

        // And back, through node two this time: node one sees it.
        Api.Response back = adminTwo.patch("/api/v1/broadcasts/" + id, Map.of("schedule", weekdays("09:00")));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(plan(adminOne)).isEqualTo(before).isEqualTo(plan(adminTwo));
    }

    @Test
    void aTransactionSeesItsOwnChangeAndARolledBackOneLeavesNoStaleProgramme() {
        String id =
                Scheduling.create(adminOne, relay(communeA, "11:00")).get("id").asString();
        Programmes programmes = one.getBean(Programmes.class);
        ProgrammeCache cache = one.getBean(ProgrammeCache.class);
        String planBefore = plan(adminOne);
        assertThat(planBefore).contains(id).isEqualTo(plan(adminTwo));
        assertThat(programmes.live().scheduled()).containsKey(id);
        String token = cache.token();

        new TransactionTemplate(one.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            one.getBean(BroadcastService.class).takeOffAir(Caller.system(), UUID.fromString(id), "trial");
            // Its own reads see the change (the plan keeper re-planned on them); nobody else does, uncommitted.
            assertThat(programmes.live().scheduled()).doesNotContainKey(id);
            assertThat(programmes.live().rows()).doesNotContainKey(id);
            assertThat(CompletableFuture.supplyAsync(() -> programmes.live().scheduled())
                            .join())
                    .containsKey(id);
            assertThat(plan(adminTwo)).isEqualTo(planBefore);
            status.setRollbackOnly();
        });

        assertThat(cache.token()).isEqualTo(token);
        assertThat(programmes.live().scheduled()).containsKey(id);
        assertThat(programmes.live().rows().get(id).state())
                .isEqualTo(org.openloa.scheduler.broadcast.BroadcastState.ACTIVE);
        assertThat(plan(adminOne)).isEqualTo(planBefore);
        assertThat(plan(adminTwo)).isEqualTo(planBefore);

        // Committed, the same change moves the token and reaches both nodes.
        new TransactionTemplate(one.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> one.getBean(BroadcastService.class)
                        .takeOffAir(Caller.system(), UUID.fromString(id), "for real"));
        assertThat(cache.token()).isNotEqualTo(token);
        assertThat(programmes.live().scheduled()).doesNotContainKey(id);
        assertThat(two.getBean(Programmes.class).live().scheduled()).doesNotContainKey(id);
        assertThat(plan(adminTwo)).doesNotContain(id).isEqualTo(plan(adminOne));
    }

    @Test
    void anAreaTimeZoneChangedOnOneNodeIsInTheOthersProgramme() {
        String commune = TestWorld.area(adminOne, "PG" + S + "-C", "Xã Ba", "commune", province);
        String loa = Scheduling.device(adminOne, commune, "Loa đình");
        String id =
                Scheduling.create(adminOne, relay(commune, "08:00")).get("id").asString();
        String before = plan(adminOne, loa);
        assertThat(before).contains(id).isEqualTo(plan(adminTwo, loa));

        // Its schedule is read in the commune's zone: two hours later in Tokyo's, on both nodes at once.
        Api.Response moved = adminTwo.patch("/api/v1/areas/" + commune, Map.of("timeZone", "Asia/Tokyo"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        String after = plan(adminOne, loa);
        assertThat(after).contains(id).isNotEqualTo(before).isEqualTo(plan(adminTwo, loa));
    }

    private static Map<String, Object> relay(String commune, String time) {
        Map<String, Object> body = Scheduling.relaying("PT5M", List.of(commune), weekdays(time));
        body.put("areaId", commune);
        body.put("title", "Tiếp sóng " + time + " " + S);
        return body;
    }

    private static Map<String, Object> weekdays(String time) {
        return Scheduling.weekdays(Scheduling.day(1), Scheduling.day(8), time);
    }

    private static String plan(Api admin) {
        return plan(admin, device);
    }

    private static String plan(Api admin, String device) {
        return Scheduling.plan(
                        admin, device, Scheduling.day(1) + "T00:00:00+07:00", Scheduling.day(9) + "T00:00:00+07:00")
                .get("items")
                .toString();
    }
}
