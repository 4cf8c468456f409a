package org.openloa.cms.edge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.openloa.cms.device.DeviceChanged;
import org.openloa.cms.device.DeviceManifestChanged;
import org.openloa.cms.plan.PlanVersions;
import org.openloa.cms.plan.PlanVersionsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This node's memory of the devices' current manifests: credential hash → device, device → its
 * {@link CachedManifest}. It holds only what the database also holds (device_plan.version) and is rebuilt from
 * it on a miss, so it may be dropped at any time.
 *
 * <p>Staying true across nodes: a background thread reads the device_plan rows changed since its last look
 * (minus an overlap, for transactions that committed late and clocks that differ), once per
 * {@code refreshInterval} for the whole node, and drops every manifest older than the version it sees; every
 * {@code fullCheckInterval} it compares all of them. A revocation bumps the version too, so a revoked device's
 * entry goes and its next poll meets the security chain. On this node, a change that commits drops the entry at
 * once (every bump of device_plan says so after its commit, {@link PlanVersionsChanged}). A manifest built from a
 * version older than one already seen is never kept.
 *
 * <p>Whenever it learns that a device's manifest changed (an entry dropped, a newer version seen), it tells the
 * {@linkplain #onChange listener}: the held long polls of that device ({@link LongPolls}) are answered then.
 */
@Component
class ManifestIndex implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManifestIndex.class);
    /** The longest a revalidating poll waits for a look before it takes the ordinary path (a database away). */
    static final Duration LOOK_PATIENCE = Duration.ofSeconds(10);

    private final ConcurrentHashMap<String, UUID> byCredential = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, CachedManifest> byDevice = new ConcurrentHashMap<>();
    /** Devices whose plan version a transaction of this node is moving, with how many transactions are. */
    private final ConcurrentHashMap<UUID, Changing> changing = new ConcurrentHashMap<>();
    /** The newest version of each device seen in device_plan, so a late put of an older build is refused. */
    private final ConcurrentHashMap<UUID, Long> seen = new ConcurrentHashMap<>();
    /**
     * When each device was last forgotten on a commit, as a tick of {@link #ticks}. A build that began before
     * (it read the old version) must not be kept after: {@link #put(CachedManifest, long)}.
     */
    private final ConcurrentHashMap<UUID, Long> forgottenAt = new ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Moves on after every change of {@link #byDevice}: a sweep of what refers to its manifests
     * ({@link ManifestHotPath#forgetUnknown}) has nothing to do while it stands still.
     */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    private final PlanVersions versions;
    private final EdgeProperties properties;
    private final Clock clock;
    private volatile ScheduledExecutorService refresher;
    private volatile Instant lastLook;
    private volatile Instant lastFullCheck;
    private final Object looking = new Object();
    /** Guards {@link #nextLook}. */
    private final Object looks = new Object();
    /** The look the polls that revalidate now wait for; it has not begun (null when none waits). */
    private CompletableFuture<Boolean> nextLook;

    private volatile long lookStartedNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    /** Told the device whose manifest changed (set once, by {@link LongPolls}). */
    private volatile Consumer<UUID> onChange = device -> {};
    /** Told the manifests a commit of this node dropped (set once, by {@link ManifestWarmer}). */
    private volatile Consumer<List<CachedManifest>> onDropped = dropped -> {};

    ManifestIndex(PlanVersions versions, EdgeProperties properties, Clock clock) {
        this.versions = versions;
        this.properties = properties;
        this.clock = clock;
    }

    /** The manifest cached for the device holding this credential (by its SHA-256), or null. */
    CachedManifest byCredential(String credentialHash) {
        UUID device = byCredential.get(credentialHash);
        if (device == null) {
            return null;
        }
        CachedManifest cached = byDevice.get(device);
        return cached != null && cached.credentialHash().equals(credentialHash) ? cached : null;
    }

    CachedManifest of(UUID deviceId) {
        return byDevice.get(deviceId);
    }

    /**
     * Whether this is the very manifest the index holds for its device now (it has not been dropped or replaced), for
     * read on the manifest, which the index marks before it puts it and after it lets go of it (so a removal under
     * way may still say held, as a look-up just before it would have).
     */
    boolean holds(CachedManifest manifest) {
        return manifest.held();
    }

    /** A count that has moved on since the last call if the manifests held have changed meanwhile. */
    long changes() {
        return changes.get();
    }

    /** Taken before a build reads the plan version; handed back to {@link #put(CachedManifest, long)}. */
    long ticket() {
        return ticks.get();
    }

    /**
     * Keeps a manifest built after {@code ticket} was taken, unless the device was forgotten since: then the
     * build may hold the version from before a commit, and keeping it would answer the box woken for that commit
     * with a 304 (bench/fleet saw 32 of 1,000 boxes get one). The caller still answers its own poll with it.
     */
    void put(CachedManifest manifest, long ticket) {
        if (forgottenSince(manifest.deviceId(), ticket)) {
            return;
        }
        put(manifest);
        // A commit may have forgotten the device between the look above and the put.
        if (forgottenSince(manifest.deviceId(), ticket)) {
            drop(manifest);
        }
    }

    /** Whether a commit forgot the device after {@code ticket} was taken. */
    boolean forgottenSince(UUID deviceId, long ticket) {
        Long forgotten = forgottenAt.get(deviceId);
        return forgotten != null && forgotten > ticket;
    }

    void put(CachedManifest manifest) {
        manifest.held(true); // before: once a remover finds it, its mark comes after this one
        CachedManifest previous = byDevice.put(manifest.deviceId(), manifest);
        changes.incrementAndGet();
        if (previous != null && previous != manifest) {
            previous.held(false);
        }
        if (previous != null && !previous.credentialHash().equals(manifest.credentialHash())) {
            byCredential.remove(previous.credentialHash(), previous.deviceId());
        }
        byCredential.put(manifest.credentialHash(), manifest.deviceId());
        Long newest = seen.get(manifest.deviceId());
        if (newest != null && newest > manifest.version()) {
            drop(manifest);
        }
    }

    void forget(UUID deviceId) {
        forgetting(deviceId);
        onChange.accept(deviceId);
    }

    /**
     * Forgets the device without telling the listener; answers the manifest it held (null when none), whose
     * credential a rebuild can use.
     */
    private CachedManifest forgetting(UUID deviceId) {
        forgottenAt.put(deviceId, ticks.incrementAndGet());
        CachedManifest cached = byDevice.remove(deviceId);
        if (cached != null) {
            cached.held(false);
            changes.incrementAndGet();
            byCredential.remove(cached.credentialHash(), deviceId);
        }
        return cached;
    }

    /**
     * The build this node had under way for the device ahead of its box is over (built, left to the box, or
     * failed): its held polls, which waited for it, are answered now.
     */
    void settled(UUID deviceId) {
        onChange.accept(deviceId);
    }

    /**
     * What one look at device_plan found: the manifests it dropped as older than their device's version, and the
     * devices whose version moved. The dropped go to {@link #onDropped} (to be built again, as after this node's
     * own commit: the look may come between another transaction's commit and its listener, or be another node's
     * change), then the moved to {@link #onChange}: the warmer first, as in {@link #versionsChanged}.
     */
    private final class Look {
        final List<CachedManifest> dropped = new ArrayList<>();
        final List<UUID> moved = new ArrayList<>();

        /** device_plan holds {@code version} for this device: drop what is older. */
        void observed(UUID deviceId, long version) {
            Long before = seen.get(deviceId);
            seen.merge(deviceId, version, Math::max);
            CachedManifest cached = byDevice.get(deviceId);
            boolean stale = cached != null && cached.version() < version;
            if (stale) {
                drop(cached);
                dropped.add(cached);
            }
            if (stale || (before != null && before < version)) {
                moved.add(deviceId);
            }
        }

        void tell() {
            if (!dropped.isEmpty()) {
                onDropped.accept(dropped);
            }
            moved.forEach(onChange);
        }
    }

    void onChange(Consumer<UUID> listener) {
        this.onChange = listener;
    }

    int size() {
        return byDevice.size();
    }

    @TransactionalEventListener
    void manifestChanged(DeviceManifestChanged change) {
        forget(change.deviceId());
    }

    @TransactionalEventListener
    void deviceChanged(DeviceChanged change) {
        forget(change.deviceId());
    }

    /**
     * How long a mark counts at most: a commit whose outcome is unknown calls neither listener that takes it off,
     * and a wake must not wait for it ever after.
     */
    private static final long CHANGING_AT_MOST_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Changing(int transactions, long sinceNanos) {}

    /**
     * A transaction of this node is moving these devices' plan versions: until its commit has dropped their manifests
     * and handed those held here to the warmer ({@link #versionsChanged}), their wakes wait. The wake job this commit
     * starts can run before that: Quartz picks up its trigger at the commit, on its own thread, and once woke 1,000
     * boxes at once, ahead of the builds, which each then waited for (bench/fleet: the manifest's p99 1.9 s
     * instead of 1.3 s, docs/benchmarks.md).
     */
    @EventListener
    void versionsChanging(PlanVersionsChanged change) {
        // as the listeners after the commit are called: only when the event is published in a transaction
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            Changing mark = new Changing(1, System.nanoTime());
            change.deviceIds()
                    .forEach(device -> changing.merge(
                            device, mark, (was, one) -> new Changing(was.transactions() + 1, one.sinceNanos())));
        }
    }

    /** Whether a transaction of this node is moving the device's plan version and its commit has not dropped it yet. */
    boolean changing(UUID deviceId) {
        Changing mark = changing.get(deviceId);
        if (mark != null && System.nanoTime() - mark.sinceNanos() > CHANGING_AT_MOST_NANOS) {
            changing.remove(deviceId, mark);
            return false;
        }
        return mark != null;
    }

    /**
     * Any plan version moved by a transaction of this node: those devices' manifests go at once, and those this
     * node held are handed to {@link #onDropped} to be built again before their boxes ask (an emergency's wake
     * follows this commit within the second).
     */
    @TransactionalEventListener
    void versionsChanged(PlanVersionsChanged change) {
        try {
            List<CachedManifest> dropped = new ArrayList<>();
            for (UUID device : change.deviceIds()) {
                CachedManifest was = forgetting(device);
                if (was != null) {
                    dropped.add(was);
                }
            }
            // The warmer first, so that it has marked the devices it builds again before their held polls are
            // told: those polls then wait for its build (told again when it is over) instead of each building its
            // own against the database at the same instant, which let only 623 of 1,000 long-polling boxes air an
            // emergency within 90 s (docs/benchmarks.md, "Emergency: time to air").
            if (!dropped.isEmpty()) {
                onDropped.accept(dropped);
            }
            change.deviceIds().forEach(onChange);
        } finally {
            changed(change);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_ROLLBACK)
    void versionsNotChanged(PlanVersionsChanged change) {
        changed(change);
    }

    private void changed(PlanVersionsChanged change) {
        change.deviceIds()
                .forEach(device -> changing.computeIfPresent(
                        device,
                        (d, mark) -> mark.transactions() == 1
                                ? null
                                : new Changing(mark.transactions() - 1, mark.sinceNanos())));
    }

    void onDropped(Consumer<List<CachedManifest>> listener) {
        this.onDropped = listener;
    }

    /**
     * Returns once a look at device_plan that began after {@code askedAtNanos} ({@link System#nanoTime()}) is over:
     * the polls that revalidate at one moment (a wave of woken boxes) share one or two looks instead of a read each.
     * False when the database could not be read (or the look did not come within {@link #LOOK_PATIENCE}).
     *
     * <p>The looks run one at a time on the refresh thread; the polls that ask during one wait for the next, which
     * begins as soon as it ends (one future for all of them), so a poll waits at most for the rest of one look and
     * the whole of the next. They used to take the look themselves under a monitor: a poll whose look was over
     * could still wait for the monitor while polls that came after it took it for new looks (a monitor is not
     * fair), and 1,000 woken polls were answered in bursts over 6 s (docs/benchmarks.md, "Emergency: time to air").
     */
    boolean lookedAfter(long askedAtNanos) {
        if (lookStartedNanos - askedAtNanos >= 0) {
            return true;
        }
        CompletableFuture<Boolean> look;
        synchronized (looks) {
            if (lookStartedNanos - askedAtNanos >= 0) {
                return true; // a look begun after this poll asked ended meanwhile
            }
            look = nextLook;
            if (look == null) {
                look = new CompletableFuture<>();
                nextLook = look;
                ScheduledExecutorService executor = refresher;
                try {
                    if (executor == null) {
                        lookForPolls(); // not started (a test's own index): look on this thread
                    } else {
                        executor.execute(this::lookForPolls);
                    }
                } catch (RejectedExecutionException stopping) {
                    nextLook = null;
                    return false;
                }
            }
        }
        try {
            return look.get(LOOK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * The look the waiting polls asked for, unless a look has served them since (the refresh takes them too). The
     * polls that ask from now on wait for the next one: this one may have begun before they asked.
     */
    private void lookForPolls() {
        CompletableFuture<Boolean> waiting = takeWaiting();
        if (waiting == null) {
            return;
        }
        try {
            look();
            waiting.complete(true);
        } catch (RuntimeException e) {
            log.warn("Could not read plan versions to revalidate polls: {}", e.getMessage());
            waiting.complete(false);
        }
    }

    private CompletableFuture<Boolean> takeWaiting() {
        synchronized (looks) {
            CompletableFuture<Boolean> waiting = nextLook;
            nextLook = null;
            return waiting;
        }
    }

    /** {@link #refresh()}, one at a time, noting when the look began. */
    private void look() {
        synchronized (looking) {
            long started = System.nanoTime();
            refresh();
            lookStartedNanos = started;
        }
    }

    /** One look at device_plan: the rows changed lately, or (now and then) all of them. */
    void refresh() {
        Instant now = clock.instant();
        Look look = new Look();
        if (lastFullCheck == null || !now.isBefore(lastFullCheck.plus(properties.fullCheckInterval()))) {
            versions.eachVersion(look::observed);
            lastFullCheck = now;
        } else {
            Instant since = (lastLook == null ? now : lastLook).minus(properties.refreshOverlap());
            versions.eachVersionChangedSince(since, look::observed);
        }
        lastLook = now;
        look.tell();
    }

    private void drop(CachedManifest manifest) {
        if (byDevice.remove(manifest.deviceId(), manifest)) {
            manifest.held(false);
            changes.incrementAndGet();
            byCredential.remove(manifest.credentialHash(), manifest.deviceId());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "edge-manifest-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(10, properties.refreshInterval().toMillis());
        executor.scheduleWithFixedDelay(
                () -> {
                    // Polls waiting for a look are served by this one: it begins after they asked.
                    CompletableFuture<Boolean> waiting = takeWaiting();
                    try {
                        look();
                        if (waiting != null) {
                            waiting.complete(true);
                        }
                    } catch (RuntimeException e) {
                        if (waiting != null) {
                            waiting.complete(false);
                        }
                        // The database is away: keep what we have, stop answering from it after a while (below).
                        log.warn("Could not read plan versions for the manifest cache: {}", e.getMessage());
                        if (lastLook != null
                                && lastLook.plus(properties.fullCheckInterval()).isBefore(clock.instant())) {
                            byDevice.values().forEach(this::drop); // each marked as let go of
                            byCredential.clear();
                        }
                    }
                },
                0,
                every,
                TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        refresher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        CompletableFuture<Boolean> waiting = takeWaiting();
        if (waiting != null) {
            waiting.complete(false); // their look will not come: the ordinary path answers them
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
