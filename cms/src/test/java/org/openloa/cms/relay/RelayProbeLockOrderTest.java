package org.openloa.cms.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A probe's finding on a relay renews the manifest of every box of the relay's areas in one transaction (a version
 * bump per box); an editor pausing or resuming a broadcast of the same area bumps the same boxes in another (one
 * UPDATE … IN (…)). On H2 the two deadlocked in bench/scheduling-cms when the probe took the boxes in the order
 * their area's query happened to give them. Here both run at once, many times over, each started a little later
 * than the other in turn: neither fails, and every bump of each is kept (no lost re-plan).
 */
class RelayProbeLockOrderTest extends ServerTest {

    private static final int BOXES = 60;
    private static final int ROUNDS = 20;

    @Autowired
    RelayProbes probes;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aProbeFindingAndABroadcastChangeOnTheSameBoxesAtOnceNeitherDeadlockNorLoseABump() throws Exception {
        TestWorld w = world();
        List<UUID> boxes = new ArrayList<>();
        for (int i = 0; i < BOXES; i++) {
            boxes.add(UUID.fromString(Scheduling.device(w.operatorA(), w.villageAId(), "Loa " + w.suffix() + "-" + i)));
        }
        OffsetDateTime slot = OffsetDateTime.parse(Scheduling.at(1, "06:00"));
        String relay = Scheduling.create(
                        w.operatorA(),
                        Scheduling.relaying("PT30M", List.of(w.communeAId()), Scheduling.once(slot.toString())))
                .path("id")
                .asString();
        // Another broadcast of the commune, as the editor's: pausing and resuming it re-plans every box.
        String edited = Scheduling.create(
                        w.operatorA(),
                        Scheduling.relaying(
                                "PT30M", List.of(w.communeAId()), Scheduling.once(Scheduling.at(1, "18:00"))))
                .path("id")
                .asString();
        String communePath = jdbc.queryForObject(
                "select path from area where id = ?", String.class, UUID.fromString(w.communeAId()));
        RelayProbes.Slot probed = new RelayProbes.Slot(
                UUID.fromString(relay),
                "VOV1 " + w.suffix(),
                "https://radio.example.vn/live.mp3",
                UUID.fromString(w.communeAId()),
                List.of(communePath),
                Set.of(),
                slot.toInstant(),
                RelayProbes.BEFORE);
        long before = versions(boxes);

        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                long probeLater = round % 2 == 0 ? (round % 10) * 10L : 0;
                long changeLater = round % 2 == 1 ? (round % 10) * 10L : 0;
                String state = round % 2 == 0 ? "PAUSED" : "ACTIVE";
                int n = round;
                Future<?> probe = two.submit(() -> {
                    together.await();
                    Thread.sleep(probeLater);
                    probes.record(probed, Optional.of("no answer from the source (round " + n + ")"));
                    return null;
                });
                Future<Api.Response> change = two.submit(() -> {
                    together.await();
                    Thread.sleep(changeLater);
                    return w.operatorA().patch("/api/v1/broadcasts/" + edited, Map.of("state", state));
                });
                probe.get(); // a deadlock on the probe's side is thrown here
                Api.Response changed = change.get();
                assertThat(changed.status())
                        .as("round " + n + ": " + changed.body())
                        .isEqualTo(200);
            }
        } finally {
            two.shutdownNow();
        }

        assertThat(versions(boxes) - before)
                .as("each round bumped every box twice: once for the finding, once for the change")
                .isEqualTo(2L * ROUNDS * BOXES);
    }

    private long versions(List<UUID> boxes) {
        long sum = 0;
        for (UUID box : boxes) {
            sum += jdbc.queryForObject("select version from device_plan where device_id = ?", Long.class, box);
        }
        return sum;
    }
}
