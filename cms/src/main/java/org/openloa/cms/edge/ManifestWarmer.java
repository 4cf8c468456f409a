package org.openloa.cms.edge;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Builds again, right after the commit that changed them, the manifests of the devices this node was serving from
 * memory, so that the boxes woken for that change (an emergency wakes a whole province) find their new manifest
 * and its media in memory ({@link ManifestFilter}, {@link MediaFilter}) instead of each building its own against
 * the database at the same instant. bench/fleet saw 1,000 such builds and downloads at once empty Hikari's pool
 * and time the boxes' polls out (docs/benchmarks.md, "Emergency: time to air").
 *
 * <p>A few threads, not one per device: the builds use the database, which the rest of cms needs meanwhile. A box
 * that asks before its turn builds its own (and the warmer skips the device then); one that asks during its turn
 * waits for that build ({@link Manifests#current}). Nothing depends on the warmer: without it every box builds its
 * own, as before.
 */
@Component
class ManifestWarmer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManifestWarmer.class);
    /** Builders; the database pool (10 by default) keeps the rest for the boxes and the operators. */
    static final int THREADS = 3;

    private final ManifestIndex index;
    private final Manifests manifests;
    private volatile ExecutorService builders;
    /** Manifests built ahead of their box (for the tests and the fleet bench's reading of cms). */
    final LongAdder built = new LongAdder();

    ManifestWarmer(ManifestIndex index, Manifests manifests) {
        this.index = index;
        this.manifests = manifests;
        index.onDropped(this::warm);
    }

    void warm(List<CachedManifest> dropped) {
        ExecutorService pool = builders;
        if (pool == null) {
            return;
        }
        for (CachedManifest was : dropped) {
            pool.execute(() -> rebuild(was));
        }
    }

    private void rebuild(CachedManifest was) {
        if (index.of(was.deviceId()) != null) {
            return; // its box asked first
        }
        try {
            if (manifests.current(was.deviceId(), was.credentialHash()).isPresent()) {
                built.increment();
            }
        } catch (RuntimeException e) {
            // The box builds it when it asks; nothing is lost.
            log.debug("Could not build the manifest of device {} ahead: {}", was.deviceId(), e.getMessage());
        }
    }

    @Override
    public void start() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "edge-manifest-warm-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        builders = pool;
    }

    @Override
    public void stop() {
        ExecutorService pool = builders;
        builders = null;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return builders != null;
    }
}
