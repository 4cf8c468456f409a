package org.openloa.cms.exchange;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the push outbox to the upstream every {@code openloa.upstream.push-sweep}, on every node (the outbox's
 * leases share the rows out). A failure (the upstream away, a refusal) waits and is tried again; the body and the
 * token are never logged.
 */
@Component
class Pushes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Pushes.class);
    private static final int BATCH = 20;

    private final PushOutbox outbox;
    private final Upstream upstream;
    private final UpstreamSettings settings;
    private final Clock clock;
    private ScheduledExecutorService timer;

    Pushes(PushOutbox outbox, Upstream upstream, UpstreamSettings settings, Clock clock) {
        this.outbox = outbox;
        this.upstream = upstream;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sends what is due now; answers how many were sent. */
    int sendDue() {
        int sent = 0;
        List<PushOutbox.Push> due = outbox.claim(clock.instant(), BATCH);
        for (PushOutbox.Push push : due) {
            try {
                upstream.put(push.key(), push.body());
                outbox.delivered(push.id(), clock.instant());
                sent++;
            } catch (Exception failure) {
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String why = failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                log.warn(
                        "push {} ({}) to the upstream failed, attempt {}: {}",
                        push.id(),
                        push.kind(),
                        push.attempts(),
                        why);
                outbox.failed(push, why, clock.instant(), settings.retryFirst(), settings.retryMax());
            }
        }
        return sent;
    }

    @Override
    public synchronized void start() {
        if (!settings.configured()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exchange-pushes");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(200, settings.pushSweep().toMillis());
        timer.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            while (sendDue() == BATCH) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.warn("exchange push sweep failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
