package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A bump of many devices' plans takes their rows in key order, whatever order the database's plan would walk them
 * in (on H2, which walks them in key order anyway, the same scenario runs without the planner's knobs). Here PostgreSQL is made to walk them in the heap's order (index scans off, as its planner chooses by itself
 * on other statistics: CI met it), while another transaction, a relay probe's, holds the lowest key and then asks
 * for a row the heap puts first. Taken in the heap's order, the bump would hold that row and wait for the lowest:
 * a deadlock, and PostgreSQL aborts one of the two. Taken in key order it only waits, and both commit.
 */
class PlanVersionsLockOrderTest extends ServerTest {

    private static final int BOXES = 12;

    @Autowired
    PlanVersions versions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NamedParameterJdbcTemplate named;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aBumpTakesItsRowsInKeyOrderWhereThePlanWalksTheHeap() throws Exception {
        boolean postgres = TestDatabase.isPostgres();
        TestWorld w = world();
        List<UUID> boxes = new ArrayList<>();
        for (int i = 0; i < BOXES; i++) {
            boxes.add(UUID.fromString(Scheduling.device(w.operatorA(), w.villageAId(), "Loa " + w.suffix() + "-" + i)));
        }
        // H2 walks an IN list in key order whatever it is told; the row it is asked for second is any other one.
        List<UUID> heapOrder = postgres
                ? named.queryForList(
                        "select device_id from device_plan where device_id in (:ids) order by ctid",
                        new MapSqlParameterSource("ids", boxes),
                        UUID.class)
                : boxes;
        Comparator<UUID> keyOrder = Comparator.comparing(UUID::toString);
        // The bumped devices: those from the first whose heap place differs from its key place on.
        List<UUID> bumped = new ArrayList<>(heapOrder);
        while (bumped.size() > 1
                && bumped.get(0).equals(bumped.stream().min(keyOrder).orElseThrow())) {
            bumped.remove(0);
        }
        assertThat(bumped).as("boxes whose heap place is not their key place").hasSizeGreaterThan(1);
        UUID lowest = bumped.stream().min(keyOrder).orElseThrow();
        UUID heapFirst = bumped.get(0);
        long lowestBefore = version(lowest);
        long heapFirstBefore = version(heapFirst);

        CountDownLatch probeHoldsLowest = new CountDownLatch(1);
        CountDownLatch bumpWaits = new CountDownLatch(1);
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            bumpOne(lowest);
            probeHoldsLowest.countDown();
            await(bumpWaits);
            bumpOne(heapFirst);
        }));
        await(probeHoldsLowest);
        CompletableFuture<Void> bump = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            if (postgres) {
                jdbc.execute("set local enable_indexscan = off");
                jdbc.execute("set local enable_indexonlyscan = off");
            }
            versions.bump(bumped, Instant.now());
        }));
        Await.until(
                "the bump waiting for the probe's row",
                () -> jdbc.queryForObject(
                                postgres
                                        ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                                + " and query like '%device_plan%'"
                                        : "select count(*) from information_schema.sessions where blocker_id is not null",
                                Integer.class)
                        > 0);
        bumpWaits.countDown();

        probe.get(30, TimeUnit.SECONDS); // a deadlock aborts one of the two: thrown here
        bump.get(30, TimeUnit.SECONDS);
        assertThat(version(lowest)).isEqualTo(lowestBefore + 2);
        assertThat(version(heapFirst)).isEqualTo(heapFirstBefore + 2);
    }

    private void bumpOne(UUID device) {
        jdbc.update("update device_plan set version = version + 1 where device_id = ?", device);
    }

    private long version(UUID device) {
        return jdbc.queryForObject("select version from device_plan where device_id = ?", Long.class, device);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited 30 s for the other transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
