package org.openloa.cms.live;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link LiveService#watch} every {@code openloa.stream.watch-interval} (2 s) on a thread of its own, on every
 * node: cheap (a read of the few sessions not ended), and it must run even with no request coming in.
 */
@Component
class SilenceWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SilenceWatch.class);

    private final LiveService live;
    private final Duration interval;
    private ScheduledExecutorService timer;

    SilenceWatch(LiveService live, @Value("${openloa.stream.watch-interval:2s}") Duration interval) {
        this.live = live;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-silence-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        live.watch();
                    } catch (RuntimeException e) {
                        log.warn("Live silence watch: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
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
