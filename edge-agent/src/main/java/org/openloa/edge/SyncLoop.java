package org.openloa.edge;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openloa.edge.cache.Downloads;
import org.openloa.edge.cache.MediaCache;
import org.openloa.edge.manifest.CredentialRejected;
import org.openloa.edge.manifest.ManifestPoller;
import org.openloa.edge.manifest.ManifestReader;
import org.openloa.edge.manifest.ManifestStore;
import org.openloa.edge.manifest.PollSchedule;
import org.openloa.edge.outbox.Outbox;
import org.openloa.edge.outbox.OutboxSender;
import org.openloa.edge.playback.PlaybackScheduler;
import org.openloa.edge.support.Signal;
import org.openloa.edge.support.Threads;
import org.openloa.edge.upgrade.Upgrades;
import org.openloa.protocol.Manifest;

/**
 * The agent's conversation with cms, on two threads. The poll thread ({@link #pollLoop}) polls the manifest
 * (at once when woken) and hands a new one to playback and the cache and runs its commands; the sync thread
 * ({@link #run}) queues a heartbeat on its interval and delivers the outbox the moment something is added to it
 * (item events serve the live emergency board: they are small and cannot wait for a heartbeat). A delivery that
 * fails is tried again after a short backoff (1 s, doubling, at most a minute) and at once when a poll shows the
 * server answers again, so an outage costs a few failed calls, not one per new entry. Two threads, because a
 * long poll is held by the server for up to {@code poll.wait.seconds}: play logs and item events must not wait
 * behind it. Intervals use the monotonic clock, so a clock correction never makes it poll in a burst or go
 * quiet.
 * <p>
 * An MQTT wake that comes while a held poll is in flight is not lost: that poll is left to finish (the
 * server answers it the moment the plan changes anyway) and the next one goes out at once after it. A wake
 * whose poll finds the plan unchanged is followed by one more poll a second later.
 */
final class SyncLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(SyncLoop.class.getName());

    private final ManifestPoller poller;
    private final ManifestStore store;
    private final PlaybackScheduler scheduler;
    private final MediaCache cache;
    private final Downloads downloads;
    private final Commands commands;
    private final Outbox outbox;
    private final OutboxSender sender;
    private final PollSchedule schedule;
    private final Duration defaultPoll;
    private final Duration pollWait;
    private final Duration defaultHeartbeat;
    private final Runnable restart;
    private final Signal news = new Signal();
    private final Signal pollNews = new Signal();
    private Heartbeats heartbeats;
    private volatile Upgrades upgrades;
    private volatile boolean running = true;
    private volatile boolean pollNow;
    /** The next poll answers a wake: if it finds the plan unchanged, one more follows shortly. */
    private volatile boolean woken;
    /** The newest plan version the wakes since the last poll announced; -1 when none did. */
    private final java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong(-1);
    /** Whether the last poll brought a new manifest (poll thread only). */
    private boolean lastPollChanged;

    private volatile boolean flushNow;
    private volatile boolean reportNow;
    private volatile boolean restartRequested;
    /**
     * Whether a poll has been tried: the first heartbeat waits for it, so it never tells the server "cache
     * complete" about a plan the box has not asked for yet.
     */
    private volatile boolean polledOnce;

    private volatile Manifest manifest;
    private volatile String etag;
    /** Whether the last poll worked. */
    private volatile boolean linkUp;
    /** A poll has just worked: a delivery waiting out its backoff is tried now. */
    private volatile boolean retryNow;

    private int pollFailures;
    /** Deliveries failed in a row (sync thread only). */
    private int flushFailures;
    /** When the next delivery is tried after a failure (sync thread only, System.nanoTime). */
    private long retryAt;

    private final java.util.SplittableRandom jitter = new java.util.SplittableRandom();

    /** After a wake answered with the plan the box holds, the one further poll comes this much later. */
    static final Duration WAKE_RECHECK = Duration.ofSeconds(1);

    /** The first wait after a failed delivery: one lost connection costs a second, not a heartbeat. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** The longest wait between deliveries that fail; a heartbeat that falls due tries anyway. */
    static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

    SyncLoop(
            ManifestPoller poller,
            ManifestStore store,
            PlaybackScheduler scheduler,
            MediaCache cache,
            Downloads downloads,
            Commands commands,
            Outbox outbox,
            OutboxSender sender,
            PollSchedule schedule,
            Duration defaultPoll,
            Duration pollWait,
            Duration defaultHeartbeat,
            Runnable restart) {
        this.pollWait = pollWait;
        this.poller = poller;
        this.store = store;
        this.scheduler = scheduler;
        this.cache = cache;
        this.downloads = downloads;
        this.commands = commands;
        this.outbox = outbox;
        this.sender = sender;
        this.schedule = schedule;
        this.defaultPoll = defaultPoll;
        this.defaultHeartbeat = defaultHeartbeat;
        this.restart = restart;
    }

    /** Remote upgrades: UPGRADE commands, and the trial a good poll ends. */
    void upgrades(Upgrades upgrades) {
        this.upgrades = upgrades;
    }

    void heartbeats(Heartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    Manifest manifest() {
        return manifest;
    }

    /** The manifest kept on disk: play it until the server says otherwise. Its commands ran when it arrived. */
    void adopt(ManifestStore.Stored stored) {
        etag = stored.etag();
        apply(stored.parsed(), false);
        LOG.info(() -> "playing the stored plan (manifest " + manifest.version() + ", "
                + manifest.items().size() + " items) until the server answers");
    }

    /**
     * An MQTT wake (or anything else that knows the plan changed): poll now. One that announced the plan version its change committed (null when it did not): the poll sends it
     * back, so a node that already holds it answers without reading its database first.
     */
    void wake(Long planVersion) {
        if (planVersion != null) {
            announced.accumulateAndGet(planVersion, Math::max);
        }
        woken = true;
        pollNow = true;
        pollNews.raise();
    }

    /** A new outbox entry: send it now (unless a failed delivery is waiting out its backoff). */
    void flushSoon() {
        flushNow = true;
        news.raise();
    }

    void stop() {
        running = false;
        news.raise();
        pollNews.raise();
    }

    /** The poll thread: polls, at once when woken or after a held answer, else on its schedule. */
    void pollLoop() {
        long nextPoll = System.nanoTime();
        try {
            while (running) {
                if (pollNow || System.nanoTime() - nextPoll >= 0) {
                    pollNow = false;
                    boolean answersWake = woken;
                    woken = false;
                    long version = announced.getAndSet(-1);
                    nextPoll = System.nanoTime()
                            + poll(answersWake, version < 0 ? null : version).toNanos();
                    if (answersWake && linkUp && !lastPollChanged) {
                        // Woken, yet the server answered with the plan the box holds: it was woken a moment before
                        // the node it asked could see the change. One more look shortly, not at the next interval.
                        nextPoll = Math.min(nextPoll, System.nanoTime() + WAKE_RECHECK.toNanos());
                        LOG.info(
                                "woken, but the plan is unchanged: asking again in " + WAKE_RECHECK.toMillis() + " ms");
                    }
                    boolean first = !polledOnce;
                    polledOnce = true;
                    if (linkUp && outbox.size() > 0) {
                        retryNow = true;
                        flushSoon();
                    }
                    if (first || reportNow || restartRequested) {
                        news.raise();
                    }
                    continue;
                }
                pollNews.await(Duration.ofNanos(Math.max(0, nextPoll - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sync thread: heartbeats and the outbox. */
    @Override
    public void run() {
        long nextHeartbeat = System.nanoTime();
        try {
            while (running) {
                boolean reported = false;
                if (polledOnce && (reportNow || System.nanoTime() - nextHeartbeat >= 0)) {
                    reportNow = false;
                    queueHeartbeat();
                    nextHeartbeat = System.nanoTime() + heartbeatInterval().toNanos();
                    reported = true;
                }
                boolean wanted = flushNow;
                flushNow = false;
                boolean backingOff = flushFailures > 0 && System.nanoTime() - retryAt < 0;
                if (retryNow) {
                    retryNow = false;
                    backingOff = false;
                }
                // Something new, or a retry that is due: send now. A heartbeat falling due sends anyway.
                if (outbox.size() > 0 && (reported || !backingOff && (wanted || flushFailures > 0))) {
                    flush();
                }
                if (restartRequested) {
                    restart.run();
                    return;
                }
                long wait = polledOnce ? nextHeartbeat - System.nanoTime() : Long.MAX_VALUE / 2;
                if (flushFailures > 0 && outbox.size() > 0) {
                    wait = Math.min(wait, retryAt - System.nanoTime());
                }
                news.await(Duration.ofNanos(Math.max(0, wait)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One poll; returns how long to wait before the next. */
    private Duration poll(boolean answersWake, Long planVersion) throws InterruptedException {
        long sent = System.nanoTime();
        // The first poll has no ETag to hold on: whether the server holds polls shows only on the next one,
        // so after it the agent asks again at once rather than after pollSeconds.
        boolean probe = etag == null && !pollWait.isZero();
        try {
            ManifestPoller.Result result = poller.poll(etag, pollWait, answersWake, planVersion);
            lastPollChanged = result instanceof ManifestPoller.Changed;
            if (result instanceof ManifestPoller.Changed changed) {
                try {
                    store.save(changed.body(), changed.etag());
                } catch (IOException e) {
                    LOG.log(
                            Level.SEVERE,
                            "cannot keep the new manifest on disk; it is used, but not after a restart",
                            e);
                }
                etag = changed.etag();
                apply(changed.parsed(), true);
                LOG.info(() -> "new plan: manifest " + manifest.version() + ", "
                        + manifest.items().size() + " items, "
                        + manifest.media().size() + " media");
            }
            if (pollFailures > 0) {
                int failed = pollFailures;
                LOG.info(() -> "the server answers again after " + failed + " failed polls");
            }
            pollFailures = 0;
            linkUp = true;
            if (upgrades != null) {
                upgrades.polled();
            }
            if (result.held() || probe && result instanceof ManifestPoller.Changed changed && changed.etag() != null) {
                return schedule.afterHeld(
                        result instanceof ManifestPoller.Changed, Duration.ofNanos(System.nanoTime() - sent));
            }
            return schedule.afterSuccess(pollInterval());
        } catch (IOException | RuntimeException e) {
            linkUp = false;
            Duration wait = schedule.afterFailure();
            pollFailures++;
            // The first failure and then every tenth: an outage of hours should not flood the journal.
            if (pollFailures % 10 == 1 || e instanceof CredentialRejected) {
                Level level = e instanceof CredentialRejected ? Level.SEVERE : Level.WARNING;
                LOG.log(
                        level,
                        "poll failed (" + pollFailures + " in a row): " + describe(e)
                                + "; playing the cached plan; next try in " + wait.toSeconds() + " s");
            }
            return wait;
        }
    }

    private void apply(ManifestReader.Parsed parsed, boolean fresh) {
        Manifest previous = manifest;
        manifest = parsed.manifest();
        scheduler.plan(manifest, fresh);
        cache.plan(manifest, previous);
        downloads.wake();
        if (fresh) {
            commands.run(manifest.commands(), parsed.unsupportedCommands(), new Commands.Actions() {
                @Override
                public void syncNow() {
                    reportNow = true;
                }

                @Override
                public void setVolume(int volume) {
                    scheduler.setVolume(volume);
                }

                @Override
                public void stop(String reason) {
                    scheduler.stop(reason);
                }

                @Override
                public void restart() {
                    // Acknowledge first (the heartbeat carries the command id), then leave.
                    reportNow = true;
                    restartRequested = true;
                }

                @Override
                public void upgrade(java.util.Map<String, String> args) {
                    Upgrades installer = upgrades;
                    if (installer == null) {
                        LOG.warning("UPGRADE: this agent was started without remote upgrades");
                        return;
                    }
                    // Downloading takes a while: off the poll thread, which keeps the plan up to date meanwhile.
                    Threads.start("upgrade", () -> {
                        if (installer.install(args)) {
                            // Acknowledge first (the heartbeat carries the command id), then leave for the new version.
                            restartRequested = true;
                        }
                        reportNow = true;
                        news.raise();
                    });
                }
            });
        }
    }

    private void queueHeartbeat() {
        try {
            outbox.add(heartbeats.now());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot queue a heartbeat", e);
        }
    }

    private void flush() throws InterruptedException {
        try {
            sender.flush();
            flushFailures = 0;
        } catch (IOException | RuntimeException e) {
            flushFailures++;
            retryAt = System.nanoTime() + retryDelay(flushFailures).toNanos();
            if (flushFailures % 10 == 1) {
                LOG.warning(() -> "cannot deliver the outbox (" + outbox.size() + " waiting): " + describe(e)
                        + "; it is kept and sent later");
            }
        }
    }

    /** 1 s, 2 s, 4 s … up to a minute, half of it random ("equal jitter"), so a fleet does not retry in step. */
    private Duration retryDelay(int failures) {
        long base = FIRST_RETRY.toMillis() << Math.min(failures - 1, 16);
        base = Math.min(base, LONGEST_RETRY.toMillis());
        return Duration.ofMillis(base / 2 + jitter.nextLong(base / 2 + 1));
    }

    private Duration pollInterval() {
        Manifest current = manifest;
        return current == null ? defaultPoll : Duration.ofSeconds(current.pollSeconds());
    }

    private Duration heartbeatInterval() {
        Manifest current = manifest;
        Integer seconds = current == null ? null : current.settings().heartbeatSeconds();
        return seconds == null ? defaultHeartbeat : Duration.ofSeconds(seconds);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
