package org.openloa.cms.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an outbox: on every beat it takes the rows that are due, hands each to the owner's {@link Courier}, and
 * records the outcome; a failure waits as the table's {@link Retries} say and is tried again. It runs on every
 * node (the table's leases share the rows out), on a daemon thread of its own, and goes on taking batches while
 * they come full. Only a row's id, kind and attempt are logged with a failure, never its body.
 *
 * @param <T> the owner's row
 */
public final class Sweeper<T extends OutboxTable.Row> {

    /** How many rows one node takes at a time. */
    public static final int BATCH = 20;

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    /** Sends one row to its receiver; any exception is a failed attempt. */
    @FunctionalInterface
    public interface Courier<T> {
        void send(T row) throws Exception;
    }

    private final String what;
    private final OutboxTable<T> table;
    private final Supplier<String> only;
    private final Courier<T> courier;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /**
     * @param what    what a row is, in the log and the thread's name ("exchange push", "notification delivery")
     * @param only    which rows this node can send now (a condition on the table's columns), or empty for all
     * @param courier sends one row
     */
    public Sweeper(String what, OutboxTable<T> table, Supplier<String> only, Courier<T> courier, Clock clock) {
        this.what = what;
        this.table = table;
        this.only = only;
        this.courier = courier;
        this.clock = clock;
    }

    /** Sends what is due now; answers how many were sent. */
    int sendDue() {
        int sent = 0;
        for (T row : table.claim(clock.instant(), BATCH, only.get())) {
            try {
                courier.send(row);
                table.delivered(row.id(), clock.instant());
                sent++;
            } catch (Exception failure) {
                if (failure instanceof InterruptedException) {
                    // stopping: this row and the rest of the batch fail fast and wait their turn, none is lost
                    Thread.currentThread().interrupt();
                }
                String why = failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                log.warn("{} {} ({}) failed, attempt {}: {}", what, row.id(), row.kind(), row.attempts(), why);
                table.failed(row, why, clock.instant());
            }
        }
        return sent;
    }

    /** Sweeps every {@code every} (at least every 200 ms) from now on, until {@link #stop()}. */
    public synchronized void start(Duration every) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, what.replace(' ', '-') + "-sweeper");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(200, every.toMillis());
        timer.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            while (sendDue() == BATCH && !Thread.currentThread().isInterrupted()) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            // the database is away (a restart, a failover): the next beat tries again
            log.warn("{} sweep failed: {}", what, e.toString());
        }
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    public synchronized boolean isRunning() {
        return timer != null;
    }
}
