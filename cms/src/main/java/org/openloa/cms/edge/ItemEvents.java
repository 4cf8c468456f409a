package org.openloa.cms.edge;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.openloa.cms.database.Dialect;
import org.openloa.protocol.ItemEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The boxes' item events (table item_event, POST /edge/v1/events), each stored once by its id: a box re-sends
 * from its outbox until it is acknowledged, so a batch sent twice is stored once. Checked by the caller (every
 * event names an item the device was sent) before anything is stored.
 *
 * <p>Posts that arrive together are stored together (a group commit): each post waits in a queue, one of the
 * waiting request threads at a time takes every post queued and stores them in one transaction, and each post is
 * answered once that transaction has committed, so an answer still means stored. A woken fleet posts thousands of
 * small batches within seconds (it learned of the emergency, it started it), and a transaction for each was most of
 * cms's CPU in the wave, mostly commits (bench/fleet with Flight Recorder, docs/benchmarks.md). Should a shared
 * transaction fail, each of its posts is stored again in a transaction of its own, so one post's fault stays its
 * own.
 */
@Component
class ItemEvents {

    private static final Logger log = LoggerFactory.getLogger(ItemEvents.class);

    /** Events per shared transaction, at most: one IN list of ids to look up, one JDBC batch to insert. */
    static final int MOST_EVENTS_TOGETHER = 1000;

    /** Rounds of shared transactions one request thread writes before it answers its own request. */
    private static final int MOST_ROUNDS = 4;

    /** How often a waiting post looks whether the writer left before it took it (a race of microseconds). */
    private static final long RECHECK_MILLIS = 20;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final boolean postgres;
    private final Queue<Post> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Transactions that stored posts, shared or alone (a metric: fewer than the posts when they come together). */
    final LongAdder transactionsRun = new LongAdder();

    ItemEvents(
            JdbcTemplate jdbc,
            NamedParameterJdbcTemplate named,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.postgres = Dialect.of(jdbc) == Dialect.POSTGRESQL;
    }

    /** Stores the events not stored before, returning once they are committed; answers how many were new. */
    int store(UUID deviceId, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Post post = new Post(deviceId, events);
        waiting.add(post);
        while (true) {
            if (writing.compareAndSet(false, true)) {
                try {
                    writeWaiting(); // this post among them: it was queued before
                } finally {
                    writing.set(false);
                }
            }
            // Not CompletableFuture.get(timeout): each of its timeouts is an exception whose stack trace (a request
            // thread's, 150 frames deep) was 4 % of cms's CPU in a woken fleet's wave (perf, docs/benchmarks.md).
            try {
                if (post.done().await(RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return post.stored().get();
                }
                // else the writer is at work, or left just before this post was queued: look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while item events were stored", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Stores the posts waiting, a transaction for as many as {@link #MOST_EVENTS_TOGETHER} events, for a few rounds:
     * then the writer's own request is answered, and a post queued meanwhile is taken by its own thread.
     */
    private void writeWaiting() {
        for (int round = 0; round < MOST_ROUNDS; round++) {
            List<Post> together = take();
            if (together.isEmpty()) {
                return;
            }
            try {
                transactionsRun.increment();
                List<Integer> stored = transactions.execute(tx -> insert(together));
                for (int i = 0; i < together.size(); i++) {
                    together.get(i).stored().complete(stored.get(i));
                }
            } catch (RuntimeException shared) {
                if (together.size() > 1) {
                    log.warn(
                            "Storing {} item event posts together failed ({}); storing each alone",
                            together.size(),
                            shared.toString());
                }
                together.forEach(this::writeAlone);
            }
        }
    }

    /**
     * One post in a transaction of its own, tried twice: on H2 (no "on conflict") an event stored meanwhile by another
     * node fails the insert, and the second try finds it stored.
     */
    private void writeAlone(Post alone) {
        for (int attempt = 1; ; attempt++) {
            try {
                transactionsRun.increment();
                alone.stored()
                        .complete(transactions.execute(
                                tx -> insert(List.of(alone)).get(0)));
                return;
            } catch (DuplicateKeyException storedMeanwhile) {
                if (attempt == 2) {
                    alone.stored().completeExceptionally(storedMeanwhile);
                    return;
                }
            } catch (RuntimeException e) {
                alone.stored().completeExceptionally(e);
                return;
            }
        }
    }

    private List<Post> take() {
        List<Post> together = new ArrayList<>();
        int events = 0;
        for (Post next; events < MOST_EVENTS_TOGETHER && (next = waiting.poll()) != null; ) {
            together.add(next);
            events += next.events().size();
        }
        return together;
    }

    /** In the caller's transaction: each post's events not stored before; how many of each were new. */
    private List<Integer> insert(List<Post> posts) {
        List<UUID> ids = new ArrayList<>();
        for (Post post : posts) {
            for (ItemEvent event : post.events()) {
                ids.add(UUID.fromString(event.id()));
            }
        }
        Set<UUID> known = new HashSet<>(named.queryForList(
                "select id from item_event where id in (:ids)", new MapSqlParameterSource("ids", ids), UUID.class));
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>();
        List<Integer> stored = new ArrayList<>(posts.size());
        for (Post post : posts) {
            int fresh = 0;
            for (ItemEvent event : post.events()) {
                UUID id = UUID.fromString(event.id());
                if (known.add(id)) {
                    fresh++;
                    rows.add(new Object[] {
                        id,
                        post.deviceId(),
                        event.itemId(),
                        event.type().name(),
                        Timestamp.from(event.at().toInstant()),
                        event.reason(),
                        now
                    });
                }
            }
            stored.add(fresh);
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(
                    "insert into item_event (id, device_id, item_id, type, at, reason, received_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?)" + (postgres ? " on conflict do nothing" : ""),
                    rows);
        }
        return stored;
    }

    private record Post(UUID deviceId, List<ItemEvent> events, CompletableFuture<Integer> stored, CountDownLatch done) {
        Post(UUID deviceId, List<ItemEvent> events) {
            this(deviceId, events, new CompletableFuture<>(), new CountDownLatch(1));
            stored.whenComplete((count, failure) -> done.countDown());
        }
    }
}
