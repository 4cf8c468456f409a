package org.openloa.cms.exchange;

import java.time.Clock;
import org.openloa.cms.outbox.Sweeper;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the push outbox to the upstream every {@code openloa.upstream.push-sweep}, on every node (the outbox's
 * leases share the rows out), when an upstream is configured. A failure (the upstream away, a refusal) waits and is
 * tried again; the body and the token are never logged.
 */
@Component
class Pushes implements SmartLifecycle {

    private final UpstreamSettings settings;
    private final Sweeper<PushOutbox.Push> sweeper;

    Pushes(PushOutbox outbox, Upstream upstream, UpstreamSettings settings, Clock clock) {
        this.settings = settings;
        this.sweeper = new Sweeper<>(
                "exchange push", outbox.table, () -> "", push -> upstream.put(push.key(), push.body()), clock);
    }

    @Override
    public void start() {
        if (settings.configured()) {
            sweeper.start(settings.pushSweep());
        }
    }

    @Override
    public void stop() {
        sweeper.stop();
    }

    @Override
    public boolean isRunning() {
        return sweeper.isRunning();
    }
}
