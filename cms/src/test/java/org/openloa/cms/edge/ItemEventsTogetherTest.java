package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.protocol.ItemEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Posts of item events that arrive together are stored in shared transactions: each event once, whichever posts
 * carried it, each post answered with how many of its events were new, and the new ones counted once in all.
 */
class ItemEventsTogetherTest extends ServerTest {

    private static final int POSTS = 80;
    private static final int AT_ONCE = 40;

    @Autowired
    ItemEvents itemEvents;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NamedParameterJdbcTemplate named;

    @Test
    void postsArrivingTogetherStoreEachEventOnce() throws Exception {
        TestWorld w = world();
        List<UUID> boxes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boxes.add(UUID.fromString(Scheduling.device(w.operatorA(), w.villageAId(), "Loa " + w.suffix() + "-" + i)));
        }
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        // Each event in two posts of its box, as a box re-sending its outbox on a second connection does.
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < POSTS / 2 * 7; i++) {
            ids.add(UUID.randomUUID());
        }
        List<Post> posts = new ArrayList<>();
        for (int p = 0; p < POSTS; p++) {
            int first = (p / 2) * 7 + (p % 2 == 0 ? 0 : 2); // a pair's seven events: 0–4 in one, 2–6 in the other
            List<ItemEvent> events = new ArrayList<>();
            for (int e = 0; e < 5; e++) {
                UUID id = ids.get(first + e);
                events.add(new ItemEvent(id.toString(), "emergency-" + p / 8, ItemEvent.Type.RECEIVED, at, null));
            }
            posts.add(new Post(boxes.get((p / 2) % boxes.size()), events));
        }
        Set<UUID> distinct = new HashSet<>();
        posts.forEach(p -> p.events().forEach(e -> distinct.add(UUID.fromString(e.id()))));

        ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE);
        int counted = 0;
        try {
            CyclicBarrier together = new CyclicBarrier(AT_ONCE);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int p = 0; p < POSTS; p++) {
                Post post = posts.get(p);
                boolean waits = p < AT_ONCE;
                answers.add(threads.submit(() -> {
                    if (waits) {
                        together.await();
                    }
                    return itemEvents.store(post.device(), post.events());
                }));
            }
            for (Future<Integer> answer : answers) {
                counted += answer.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(counted).as("each new event counted once over all posts").isEqualTo(distinct.size());
        assertThat(named.queryForObject(
                        "select count(*) from item_event where id in (:ids)",
                        new MapSqlParameterSource("ids", List.copyOf(distinct)),
                        Integer.class))
                .isEqualTo(distinct.size());
        // Sent again, every post stores nothing more.
        assertThat(itemEvents.store(posts.get(0).device(), posts.get(0).events()))
                .isZero();
    }

    private record Post(UUID device, List<ItemEvent> events) {}
}
