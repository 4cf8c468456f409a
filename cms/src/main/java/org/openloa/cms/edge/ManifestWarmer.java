package org.openloa.cms.edge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.openloa.cms.edge.ready.ManifestReadiness;
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
 *
 * <p>It also says which of those builds are still to come ({@link ManifestReadiness}), so that the MQTT wake of a
 * device goes out once its manifest is in memory: woken at the commit, 1,000 boxes raced the warmer and almost every
 * one built its own manifest against the database (44 of 1,000 built ahead, manifests at 13 s p99 on a quiet
 * machine; docs/benchmarks.md, "Emergency: time to air").
 */
@Component
class ManifestWarmer implements SmartLifecycle, ManifestReadiness {

    private static final Logger log = LoggerFactory.getLogger(ManifestWarmer.class);
    /** Builders; the database pool (10 by default) keeps the rest for the boxes and the operators. */
    static final int THREADS = 3;
    /**
     * Devices built from one read of the live programme and written down in one commit; small enough that the first
     * of each are ready soon. 50 rather than 25 since each commit writes to the file (a sixth of the builders' CPU
     * in a wave, perf): the wave's burst stayed at 0.9-1.1 s for 1,000 devices either way on the 2-core machine.
     */
    static final int BATCH = 50;

    private final ManifestIndex index;
    private final Manifests manifests;
    private volatile ExecutorService builders;
    /** Manifests built ahead of their box (for the tests and the fleet bench's reading of cms). */
    final LongAdder built = new LongAdder();
    /**
     * How long the last burst took, from the commit's hand-over to the last of its builds (seconds, for the fleet
     * bench: the wake of the last device waits about this long).
     */
    volatile double lastBurstSeconds;

    private volatile long burstStartedNanos;
    /** Devices whose build is queued or under way here: their wake waits ({@link #inWaves}). */
    private final Set<UUID> warming = ConcurrentHashMap.newKeySet();
    /** How often a waiting wake looks again: a wave gathers the builds finished meanwhile. */
    static final Duration WAVE = Duration.ofMillis(20);

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
        if (warming.isEmpty()) {
            burstStartedNanos = System.nanoTime();
        }
        // Marked before anything can read the mark: the wake job starts once the same commit is visible.
        for (CachedManifest was : dropped) {
            warming.add(was.deviceId());
        }
        // In batches: one read of the live programme per batch; the first devices of each are ready first.
        for (int from = 0; from < dropped.size(); from += BATCH) {
            List<CachedManifest> batch = List.copyOf(dropped.subList(from, Math.min(dropped.size(), from + BATCH)));
            try {
                pool.execute(() -> rebuild(batch));
            } catch (RejectedExecutionException stopping) {
                batch.forEach(was -> settled(was.deviceId()));
            }
        }
    }

    private void rebuild(List<CachedManifest> batch) {
        long began = System.nanoTime();
        try {
            built.add(manifests.rebuild(batch, this::settled));
            if (log.isDebugEnabled()) {
                log.debug(
                        "Built {} manifest(s) ahead in {} ms, {} ms into the burst",
                        batch.size(),
                        (System.nanoTime() - began) / 1_000_000,
                        (System.nanoTime() - burstStartedNanos) / 1_000_000);
            }
        } catch (RuntimeException e) {
            // The boxes build theirs when they ask; nothing is lost.
            log.debug("Could not build {} manifest(s) ahead: {}", batch.size(), e.getMessage());
        } finally {
            batch.forEach(was -> settled(was.deviceId()));
            if (warming.isEmpty()) {
                lastBurstSeconds = (System.nanoTime() - burstStartedNanos) / 1e9;
            }
        }
    }

    /** No longer warming here: the device's held long polls, which waited for this build, are answered now. */
    private void settled(UUID device) {
        if (warming.remove(device)) {
            index.settled(device);
        }
    }

    @Override
    public void inWaves(Collection<UUID> devices, Duration atMost, Consumer<List<UUID>> wave) {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<UUID> waiting = new ArrayList<>(devices);
        while (!waiting.isEmpty()) {
            boolean late = System.nanoTime() - deadline >= 0;
            List<UUID> ready = new ArrayList<>();
            for (Iterator<UUID> it = waiting.iterator(); it.hasNext(); ) {
                UUID device = it.next();
                if (late || !(warming.contains(device) || index.changing(device))) {
                    ready.add(device);
                    it.remove();
                }
            }
            if (!ready.isEmpty()) {
                wave.accept(ready);
            }
            if (waiting.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(WAVE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                wave.accept(List.copyOf(waiting)); // stopping: no more waiting, the wakes go now
                return;
            }
        }
    }

    /**
     * Whether a build of this device is queued or under way here; when it ends, {@link ManifestIndex#settled} is
     * told.
     */
    boolean warming(UUID deviceId) {
        return warming.contains(deviceId);
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
        warming.clear();
    }

    @Override
    public boolean isRunning() {
        return builders != null;
    }
}
