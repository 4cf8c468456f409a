package org.openloa.edge;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openloa.edge.cache.Downloads;
import org.openloa.edge.cache.MediaCache;
import org.openloa.edge.cache.MediaDownloader;
import org.openloa.edge.config.AgentConfig;
import org.openloa.edge.config.ConfigException;
import org.openloa.edge.enrolment.Credential;
import org.openloa.edge.enrolment.CredentialStore;
import org.openloa.edge.enrolment.Enrolment;
import org.openloa.edge.enrolment.EnrolmentRefused;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.manifest.ManifestPoller;
import org.openloa.edge.manifest.ManifestStore;
import org.openloa.edge.manifest.PollSchedule;
import org.openloa.edge.mqtt.WakeListener;
import org.openloa.edge.outbox.Outbox;
import org.openloa.edge.outbox.OutboxSender;
import org.openloa.edge.playback.MediaSource;
import org.openloa.edge.playback.PlaybackScheduler;
import org.openloa.edge.playback.PlaybackState;
import org.openloa.edge.playback.Players;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Logs;
import org.openloa.edge.support.Threads;
import org.openloa.edge.upgrade.Upgrades;

/**
 * {@code java -jar edge-agent.jar [config-file]}: the agent's entry point and wiring. Also
 * {@code --version}, and {@code --warm-up} (see {@link WarmUp}).
 * <p>
 * Exit status: 0 after a normal stop (SIGTERM), {@value #EXIT_RESTART} when a RESTART_AGENT command
 * asks the service manager to start it again, {@value #EXIT_CONFIG} for a setting or enrolment that
 * needs a person (systemd is told not to restart on it), 1 otherwise.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EdgeAgent.class.getName());

    /** EX_TEMPFAIL: start me again. */
    public static final int EXIT_RESTART = 75;
    /** EX_CONFIG: a person has to change the settings (or give a new enrolment code). */
    public static final int EXIT_CONFIG = 78;

    private final AgentConfig config;
    private final Clock localClock;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int exitCode;
    private FileChannel lockChannel;
    private FileLock lock;
    private PlaybackScheduler scheduler;
    private Downloads downloads;
    private SyncLoop sync;
    private WakeListener wakes;

    EdgeAgent(AgentConfig config, Clock localClock) {
        this.config = config;
        this.localClock = localClock;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--warm-up")) {
            try {
                WarmUp.run();
                System.exit(0);
            } catch (Exception e) {
                System.err.println("openloa edge agent: warm-up failed: " + e);
                System.exit(1);
            }
        }
        if (args.length > 0 && args[0].equals("--version")) {
            System.out.println(version());
            System.exit(0);
        }
        AgentConfig config;
        try {
            config = AgentConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
        } catch (ConfigException e) {
            System.err.println("openloa edge agent: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Logs.configure(config.logLevel());
        EdgeAgent agent = new EdgeAgent(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
        int code;
        try {
            code = agent.run();
        } catch (InterruptedException e) {
            code = 1;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "the agent cannot run", e);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Starts an agent inside another program (the cms {@code demo} profile runs simulated boxes this way) and
     * returns once its loops run; {@link #close()} stops it. Logging stays the host program's: nothing here
     * configures it, and nothing calls {@code System.exit}.
     *
     * @throws IllegalStateException when the agent cannot run (refused enrolment, data directory in use)
     */
    public static EdgeAgent startInProcess(AgentConfig config) throws IOException, InterruptedException {
        EdgeAgent agent = new EdgeAgent(config, Clock.systemUTC());
        if (!agent.start()) {
            agent.close();
            throw new IllegalStateException("the agent on " + config.dataDir() + " cannot run (exit status "
                    + agent.exitCode + "); see its log");
        }
        return agent;
    }

    static String version() {
        String version = EdgeAgent.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    /** Starts and waits until the agent stops; returns the exit status. */
    int run() throws Exception {
        if (!start()) {
            return exitCode;
        }
        finished.await();
        return exitCode;
    }

    /**
     * Enrols if needed, then starts the loops and returns.
     *
     * @return false when the agent cannot run (see {@link #exitCode})
     */
    boolean start() throws IOException, InterruptedException {
        config.warnings().forEach(LOG::warning);
        Path data = AtomicFiles.ownerOnlyDirectory(config.dataDir().toAbsolutePath());
        if (!lock(data)) {
            LOG.severe(() -> "another agent is running on " + data + "; stopping");
            exitCode = 1;
            return false;
        }
        AtomicFiles.deleteLeftovers(data);
        LOG.info(() -> "OpenLoa edge agent " + version() + " on Java " + Runtime.version() + " ("
                + (Threads.virtual() ? "virtual" : "platform") + " threads): " + config);

        ServerClock clock = new ServerClock(localClock);
        CmsLink link = new CmsLink(config.serverUrl(), clock, config.httpTimeout(), version());
        Credential credential;
        try {
            credential = new Enrolment(new CredentialStore(data), link, version())
                    .credential(config.enrolmentCode(), Enrolment.hardwareId(config.hardwareId(), data));
        } catch (EnrolmentRefused e) {
            LOG.severe(e.getMessage());
            exitCode = EXIT_CONFIG;
            return false;
        }
        link.authenticate(credential.secret());

        Outbox outbox = Outbox.open(data.resolve("outbox"), config.outboxMaxHeartbeats());
        MediaCache cache = new MediaCache(data.resolve("media"), config.cacheMaxBytes(), clock);
        MediaSource source = MediaSource.of(cache::ready, cache::problem);
        ItemEvents events = ItemEvents.open(
                clock, outbox, data.resolve("events.json"), credential.deviceId(), config.eventsAllItems());
        scheduler = new PlaybackScheduler(
                clock,
                source,
                Players.fromSetting(
                        config.player(),
                        config.ffmpeg(),
                        clock,
                        data,
                        new Players.RelaySettings(config.relaySilence(), config.relaySilenceDb())),
                outbox,
                PlaybackState.load(data.resolve("playback.json")),
                config.lateStart(),
                events);
        downloads = new Downloads(
                cache,
                new MediaDownloader(link, cache, config.downloadStall()),
                clock,
                events,
                scheduler::mediaArrived);
        Commands commands = new Commands(data.resolve("commands-done.json"), clock);
        ManifestStore store = new ManifestStore(data);
        sync = new SyncLoop(
                new ManifestPoller(link, clock),
                store,
                scheduler,
                cache,
                downloads,
                commands,
                outbox,
                new OutboxSender(outbox, link),
                new PollSchedule(new SplittableRandom()),
                config.pollInterval(),
                config.pollWait(),
                config.heartbeatInterval(),
                this::restart);
        Heartbeats heartbeats = new Heartbeats(clock, scheduler, cache, commands, sync::manifest, data, version());
        Upgrades upgrades = new Upgrades(data, config.serverUrl(), version(), config.httpTimeout(), localClock);
        heartbeats.upgrades(upgrades);
        sync.heartbeats(heartbeats);
        sync.upgrades(upgrades);
        outbox.onAdd(sync::flushSoon);
        store.load().ifPresent(sync::adopt);

        Threads.start("playback", scheduler);
        Threads.start("downloads", downloads);
        Threads.start("sync", sync);
        Threads.start("poll", sync::pollLoop);
        if (config.mqttUrl() != null) {
            wakes = new WakeListener(
                    config.mqttUrl(), credential.deviceId(), config.mqttUsername(), config.mqttPassword(), sync::wake);
            wakes.start();
        }
        return true;
    }

    /** RESTART_AGENT: stop, and exit with the status that has systemd start the agent again. */
    private void restart() {
        LOG.info("restarting on command");
        exitCode = EXIT_RESTART;
        close();
    }

    /** Stops everything: the play under way is logged INTERRUPTED into the outbox before the agent goes. */
    @Override
    public void close() {
        // Once, whoever comes first: the shutdown hook or a RESTART_AGENT.
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (wakes != null) {
            wakes.close();
        }
        if (sync != null) {
            sync.stop();
        }
        if (downloads != null) {
            downloads.stop();
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
        // The loops end on their own once told to; they are daemon threads, so nothing waits for a
        // download blocked on a dead link. Not interrupting them keeps a write in progress (an outbox
        // entry) from failing with ClosedByInterruptException.
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            // the process is ending
        }
        finished.countDown();
    }

    /** One agent per data directory: two would play everything twice and fight over the outbox. */
    private boolean lock(Path data) throws IOException {
        lockChannel = FileChannel.open(data.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            return false;
        }
        return true;
    }
}
