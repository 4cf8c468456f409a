package org.openloa.bench.fleet;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.PlayLog;

/**
 * One simulated box: the behaviour docs/edge-protocol.md asks of a box, without a loudspeaker. It polls its
 * manifest (ETag; long poll when asked and the server holds it; a poll at once on an MQTT wake), fetches each
 * item's media with Range and checks its SHA-256, "plays" each item at its start by the server's clock (it
 * sleeps for the media's duration), and reports: item events (when the server has /edge/v1/events), play logs
 * and heartbeats, each with an id made once, re-sent until a 2xx. What it does is written to the {@link
 * Journal}, so a benchmark can time it.
 */
final class Box {

    /** How a box learns of a change. */
    enum Mode {
        /** polls every pollSeconds and at once on an MQTT wake */
        MQTT,
        /** long polls (Prefer: wait); plain polling where the server does not hold */
        LONGPOLL,
        /** polls every pollSeconds */
        POLL
    }

    static final String AGENT_VERSION = "openloa-fleet/0.1";
    private static final Duration LATE_START = Duration.ofSeconds(5);

    private final int index;
    private final String deviceId;
    private final String credential;
    private final EdgeClient edge;
    private final Journal journal;
    private final ExecutorService threads;
    private final Settings settings;

    private final LinkedBlockingQueue<String> wakes = new LinkedBlockingQueue<>();
    /** The coming poll answers a wake (the box's own thread only). */
    private boolean woken;
    /** The newest plan version the wakes since the last poll announced; -1 when none did. */
    private final java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong(-1);

    private final LinkedBlockingQueue<Boolean> outboxSignal = new LinkedBlockingQueue<>();
    private volatile long stoppedAt = Long.MAX_VALUE - 10_000;
    private final ConcurrentLinkedQueue<PlayLog> playLogs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ItemEvent> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Heartbeat> heartbeats = new ConcurrentLinkedQueue<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final Map<String, Play> plays = new ConcurrentHashMap<>();
    private final Set<String> commandsDone = ConcurrentHashMap.newKeySet();
    private final Instant bootedAt = Instant.now();
    /** Items this box has heard of, so an item is received (or reported late) once. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Media the box could not get right lately, for its heartbeats. */
    private final Map<String, Heartbeat.MediaError> mediaErrors = new ConcurrentHashMap<>();

    private volatile boolean running = true;
    private volatile boolean eventsOn = true;
    private volatile boolean held;
    /** Whether it has asked, after its first manifest, whether the server holds polls (long-poll mode). */
    private boolean probed;

    private volatile long skewMillis;
    private volatile boolean preciseSkew;
    private volatile String etag;
    private volatile Manifest manifest;
    private volatile Play playing;
    private volatile boolean subscribed;
    /** Only the polling thread reads and writes it. */
    private boolean spreadFirstPoll;

    /** What a box is told from the command line, the same for every box of the fleet. */
    record Settings(
            Mode mode,
            int longPollSeconds,
            int defaultPollSeconds,
            boolean eventsForAll,
            boolean wakeOn,
            boolean spread) {}

    Box(
            int index,
            String deviceId,
            String credential,
            EdgeClient edge,
            Journal journal,
            ExecutorService threads,
            Settings settings) {
        this.index = index;
        this.deviceId = deviceId;
        this.credential = credential;
        this.edge = edge;
        this.journal = journal;
        this.threads = threads;
        this.settings = settings;
    }

    String deviceId() {
        return deviceId;
    }

    /** Has its first manifest (and, with MQTT, is subscribed): a change now reaches it the fast way. */
    boolean ready() {
        return manifest != null && (settings.mode() != Mode.MQTT || !settings.wakeOn() || subscribed);
    }

    /** Whether its last poll was held by the server (long poll honoured). */
    boolean held() {
        return held;
    }

    boolean eventsOn() {
        return eventsOn;
    }

    /** An MQTT wake arrived (or the subscription came back): poll now. */
    void wake(String why) {
        wake(why, null);
    }

    /** A wake; {@code planVersion} is the version it announced (null when none), sent back with the poll. */
    void wake(String why, Long planVersion) {
        if (planVersion != null) {
            announced.accumulateAndGet(planVersion, Math::max);
        }
        journal.write(
                index,
                deviceId,
                "WAKE",
                serverMillis(),
                planVersion == null ? Map.of("reason", why) : Map.of("reason", why, "planVersion", planVersion));
        wakes.offer(why);
    }

    void subscribed() {
        subscribed = true;
    }

    void stop() {
        stoppedAt = System.currentTimeMillis();
        running = false;
        wakes.offer("stop");
        outboxSignal.offer(Boolean.TRUE);
        plays.values().forEach(p -> p.interrupt("fleet stopped"));
    }

    /** The box's life: start the reporter, then poll until stopped. */
    void run() {
        threads.execute(this::report);
        Duration backoff = Duration.ofSeconds(5);
        while (running) {
            // As the edge agent does: the poll that answers a wake revalidates (Cache-Control: no-cache) and is not
            // held
            int wait = settings.mode() == Mode.LONGPOLL && manifest != null && !woken ? settings.longPollSeconds() : 0;
            EdgeClient.Poll poll;
            try {
                long version = woken ? announced.getAndSet(-1) : -1;
                poll = edge.manifest(credential, etag, wait, woken, version < 0 ? null : version);
            } catch (IOException e) {
                journal.write(index, deviceId, "POLL_FAILED", serverMillis(), Map.of("reason", String.valueOf(e)));
                pause(backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1));
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(5)) > 0
                        ? Duration.ofMinutes(5)
                        : backoff.multipliedBy(2);
                continue;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // a manifest the records refuse: a conformance failure
                journal.write(index, deviceId, "MANIFEST_INVALID", serverMillis(), Map.of("reason", String.valueOf(e)));
                pause(pollMillis());
                continue;
            }
            backoff = Duration.ofSeconds(5);
            held = poll.held();
            journal.write(index, deviceId, "POLLED", serverMillis(), Map.of("status", poll.status(), "held", held));
            observeClock(poll);
            if (poll.status() == 200) {
                if (manifest == null && settings.spread()) {
                    // A fleet that has run for a while polls at random phases, not in step with when the
                    // simulator started it: the first wait is anywhere in the poll interval.
                    spreadFirstPoll = true;
                }
                etag = poll.etag();
                // When the request left and its answer came (this machine's clock): wake -> sent is the box,
                // sent -> received the server and the wire.
                journal.write(
                        index,
                        deviceId,
                        "MANIFEST",
                        serverMillis(),
                        Map.of(
                                "version", poll.manifest().version(),
                                "sent", poll.sent().toEpochMilli(),
                                "received", poll.received().toEpochMilli()));
                apply(poll.manifest());
            } else if (poll.status() != 304) {
                journal.write(index, deviceId, "POLL_REFUSED", serverMillis(), Map.of("status", poll.status()));
                pause(pollMillis());
                continue;
            }
            boolean answersWake = woken;
            woken = false;
            if (answersWake && poll.status() == 304 && !held) {
                // As the edge agent does: woken, yet the plan is unchanged (the node answering had not seen the
                // change yet): one more look a second later, not at the next interval.
                journal.write(index, deviceId, "WAKE_RECHECK", serverMillis(), Map.of());
                pause(1000);
                continue;
            }
            if (settings.mode() == Mode.LONGPOLL && held) {
                // Held polls follow one another; a little jitter after a 304 so a fleet does not beat in step.
                if (poll.status() == 304) {
                    pause(ThreadLocalRandom.current().nextLong(200));
                }
                continue;
            }
            if (settings.mode() == Mode.LONGPOLL && poll.status() == 200 && !probed) {
                // As the edge agent does (docs/edge-protocol.md, "Long poll"): the first poll has no ETag to hold
                // on, so it asks once more at once to learn whether the server holds polls. Without it a long-polling
                // box waited out a whole poll interval first, and an emergency in that minute reached it late.
                probed = true;
                continue;
            }
            if (spreadFirstPoll) {
                spreadFirstPoll = false;
                pause(ThreadLocalRandom.current().nextLong(pollMillis() + 1));
                continue;
            }
            pause(pollMillis());
        }
    }

    /** Waits for the next poll: its time, or a wake. */
    private void pause(long millis) {
        try {
            String wake = wakes.poll(millis, TimeUnit.MILLISECONDS);
            if (wake != null) {
                wakes.clear();
                woken = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private long pollMillis() {
        Manifest m = manifest;
        int seconds = m == null ? settings.defaultPollSeconds() : m.pollSeconds();
        long base = seconds * 1000L;
        return base - base / 10 + ThreadLocalRandom.current().nextLong(base / 5 + 1); // ±10 %
    }

    /** Server clock minus local, from serverTime (precise) or the Date header (whole seconds). */
    private void observeClock(EdgeClient.Poll poll) {
        long middle = poll.sent().toEpochMilli()
                + (poll.received().toEpochMilli() - poll.sent().toEpochMilli()) / 2;
        long roundTrip = poll.received().toEpochMilli() - poll.sent().toEpochMilli();
        if (poll.manifest() != null && (!preciseSkew || roundTrip < 5000) && !poll.held()) {
            skewMillis = poll.manifest().serverTime().toInstant().toEpochMilli() - middle;
            preciseSkew = true;
        } else if (poll.date().isPresent() && !poll.held()) {
            long low = poll.date().get().toEpochMilli() - middle - roundTrip / 2;
            long high = low + 1000 + roundTrip;
            if (skewMillis < low || skewMillis > high) {
                skewMillis = (low + high) / 2;
            }
        }
    }

    long serverMillis() {
        return System.currentTimeMillis() + skewMillis;
    }

    private OffsetDateTime serverNow() {
        return Instant.ofEpochMilli(serverMillis()).atOffset(ZoneOffset.UTC);
    }

    /** A new manifest: stop what was withdrawn or removed, start what is new, acknowledge commands. */
    private void apply(Manifest next) {
        manifest = next;
        Set<String> current = new HashSet<>();
        for (Manifest.Item item : next.items()) {
            current.add(item.id());
        }
        for (Play play : plays.values()) {
            if (!current.contains(play.item.id())) {
                play.interrupt(next.withdrawal(play.item.id())
                        .map(Manifest.Withdrawal::reason)
                        .orElse("removed from the plan"));
            }
        }
        long now = serverMillis();
        for (Manifest.Item item : next.items()) {
            if (plays.containsKey(item.id()) || seen.contains(item.id())) {
                continue;
            }
            seen.add(item.id());
            Map<String, Object> details = details(item);
            if (item.end().toInstant().toEpochMilli() <= now) {
                journal.write(index, deviceId, "LATE", now, details);
                event(item, ItemEvent.Type.LATE, "late: arrived after its end");
                playLogs.add(new PlayLog(
                        UUID.randomUUID().toString(),
                        item.id(),
                        item.mediaIds().isEmpty() ? null : item.mediaIds().get(0),
                        serverNow(),
                        serverNow(),
                        PlayLog.Outcome.SKIPPED,
                        "late: arrived after its end"));
                continue;
            }
            journal.write(index, deviceId, "RECEIVED", now, details);
            event(item, ItemEvent.Type.RECEIVED, null);
            Play play = new Play(item, next);
            plays.put(item.id(), play);
            threads.execute(play::run);
        }
        for (Manifest.Command command : next.commands()) {
            if (commandsDone.add(command.id())) {
                journal.write(
                        index,
                        deviceId,
                        "COMMAND",
                        now,
                        Map.of("type", command.type().name()));
                if (command.type() == Manifest.CommandType.SYNC_NOW) {
                    heartbeat();
                }
            }
        }
        outboxSignal.offer(Boolean.TRUE);
    }

    private static Map<String, Object> details(Manifest.Item item) {
        Map<String, Object> details = new HashMap<>();
        details.put("item", item.id());
        details.put("priority", item.priority().name());
        details.put("start", item.start().toInstant().toEpochMilli());
        return details;
    }

    private void event(Manifest.Item item, ItemEvent.Type type, String reason) {
        if (eventsOn && (settings.eventsForAll() || item.priority() == Manifest.Priority.EMERGENCY)) {
            events.add(new ItemEvent(UUID.randomUUID().toString(), item.id(), type, serverNow(), reason));
            outboxSignal.offer(Boolean.TRUE);
        }
    }

    /** One item on this box, from RECEIVED to its last play log. */
    private final class Play {
        final Manifest.Item item;
        final Manifest fromManifest;
        private volatile String interruptedBy;
        private volatile Thread thread;

        Play(Manifest.Item item, Manifest fromManifest) {
            this.item = item;
            this.fromManifest = fromManifest;
        }

        void interrupt(String reason) {
            if (interruptedBy == null) {
                interruptedBy = reason;
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        void run() {
            thread = Thread.currentThread();
            try {
                play();
            } finally {
                plays.remove(item.id());
                if (playing == this) {
                    playing = null;
                }
                outboxSignal.offer(Boolean.TRUE);
            }
        }

        private void play() {
            boolean emergency = item.priority() == Manifest.Priority.EMERGENCY;
            long start = item.start().toInstant().toEpochMilli();
            long end = item.end().toInstant().toEpochMilli();
            if (item.kind() == Manifest.Kind.STREAM) {
                if (!sleepUntil(start)) {
                    return;
                }
                long began = serverMillis();
                onAir();
                boolean whole = sleepUntil(end);
                log(null, began, whole);
                offAir();
                return;
            }
            // The first file before the start (an emergency starts as soon as it is verified), the rest in turn.
            List<Manifest.Media> media = new ArrayList<>();
            for (String id : item.mediaIds()) {
                media.add(fromManifest.mediaWithId(id).orElseThrow());
            }
            if (!fetch(media.get(0))) {
                return;
            }
            if (media.stream().allMatch(m -> verified.contains(m.sha256()))) {
                event(item, ItemEvent.Type.READY, null);
                journal.write(index, deviceId, "READY", serverMillis(), details(item));
            }
            if (!sleepUntil(start)) {
                return;
            }
            long now = serverMillis();
            if (now >= end || (!emergency && now - start > LATE_START.toMillis())) {
                skipAll(media, now >= end ? "late: arrived after its end" : "missed its start");
                return;
            }
            if (!emergency && fromManifest.settings().quietAt(serverNow())) {
                skipAll(media, "quiet hours");
                return;
            }
            onAir();
            for (int i = 0; i < media.size(); i++) {
                Manifest.Media m = media.get(i);
                if (interruptedBy != null || !fetch(m)) {
                    for (Manifest.Media rest : media.subList(i, media.size())) {
                        playLogs.add(new PlayLog(
                                UUID.randomUUID().toString(),
                                item.id(),
                                rest.id(),
                                serverNow(),
                                serverNow(),
                                PlayLog.Outcome.SKIPPED,
                                interruptedBy == null ? "not cached" : interruptedBy));
                    }
                    break;
                }
                long began = serverMillis();
                long until = Math.min(end, began + m.durationMs());
                boolean whole = sleepUntil(until);
                log(m.id(), began, whole);
                if (!whole) {
                    for (Manifest.Media rest : media.subList(i + 1, media.size())) {
                        playLogs.add(new PlayLog(
                                UUID.randomUUID().toString(),
                                item.id(),
                                rest.id(),
                                serverNow(),
                                serverNow(),
                                PlayLog.Outcome.SKIPPED,
                                interruptedBy));
                    }
                    break;
                }
            }
            offAir();
        }

        private void onAir() {
            Play before = playing;
            if (before != null && before != this && item.priority().outranks(before.item.priority())) {
                before.interrupt("interrupted by EMERGENCY item " + item.id());
            }
            playing = this;
            journal.write(index, deviceId, "STARTED", serverMillis(), details(item));
            event(item, ItemEvent.Type.STARTED, null);
        }

        private void offAir() {
            journal.write(index, deviceId, "ENDED", serverMillis(), details(item));
            event(item, ItemEvent.Type.ENDED, interruptedBy);
        }

        private void log(String mediaId, long began, boolean whole) {
            playLogs.add(new PlayLog(
                    UUID.randomUUID().toString(),
                    item.id(),
                    mediaId,
                    Instant.ofEpochMilli(began).atOffset(ZoneOffset.UTC),
                    serverNow(),
                    whole ? PlayLog.Outcome.PLAYED : PlayLog.Outcome.INTERRUPTED,
                    whole ? null : interruptedBy));
        }

        private void skipAll(List<Manifest.Media> media, String reason) {
            journal.write(index, deviceId, "SKIPPED", serverMillis(), Map.of("item", item.id(), "reason", reason));
            if (reason.startsWith("late")) {
                event(item, ItemEvent.Type.LATE, reason);
            }
            for (Manifest.Media m : media) {
                playLogs.add(new PlayLog(
                        UUID.randomUUID().toString(),
                        item.id(),
                        m.id(),
                        serverNow(),
                        serverNow(),
                        PlayLog.Outcome.SKIPPED,
                        reason));
            }
        }

        /** Fetches and verifies one file (three tries, resuming); false when it cannot be had. */
        private boolean fetch(Manifest.Media media) {
            if (verified.contains(media.sha256())) {
                return true;
            }
            EdgeClient.Partial partial = new EdgeClient.Partial();
            for (int attempt = 1; attempt <= 3 && interruptedBy == null; attempt++) {
                try {
                    if (edge.download(credential, media, partial)) {
                        verified.add(media.sha256());
                        journal.write(
                                index,
                                deviceId,
                                "VERIFIED",
                                serverMillis(),
                                Map.of(
                                        "media", media.id(),
                                        "bytes", partial.bytesFetched,
                                        "requested", partial.requested,
                                        "answered", partial.answered,
                                        "firstByte", partial.firstByte));
                        return true;
                    }
                } catch (IOException | EdgeClient.Corrupt e) {
                    journal.write(
                            index,
                            deviceId,
                            "MEDIA_FAILED",
                            serverMillis(),
                            Map.of("media", media.id(), "reason", String.valueOf(e.getMessage())));
                    mediaErrors.put(
                            media.id(),
                            new Heartbeat.MediaError(media.id(), String.valueOf(e.getMessage()), serverNow()));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            event(item, ItemEvent.Type.FAILED, "media " + media.id() + " could not be fetched");
            return false;
        }

        /** Sleeps until the server clock reads {@code at}; false when interrupted (withdrawn, stopped). */
        private boolean sleepUntil(long at) {
            while (interruptedBy == null) {
                long left = at - serverMillis();
                if (left <= 0) {
                    return true;
                }
                try {
                    Thread.sleep(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    // interrupt() sets the reason first
                }
            }
            return false;
        }
    }

    private void heartbeat() {
        Manifest m = manifest;
        Play p = playing;
        heartbeats.add(new Heartbeat(
                UUID.randomUUID().toString(),
                serverNow(),
                p == null ? null : p.item.id(),
                m == null ? 70 : m.settings().volume(),
                8L << 30,
                AGENT_VERSION,
                Duration.between(bootedAt, Instant.now()).toSeconds(),
                plays.isEmpty() || mediaErrors.isEmpty(),
                skewMillis,
                m == null ? null : m.version(),
                List.copyOf(commandsDone),
                List.copyOf(mediaErrors.values())));
        outboxSignal.offer(Boolean.TRUE);
    }

    /**
     * The outbox: sends play logs (batches of 50), item events (batches of 50) and heartbeats until each gets a
     * 2xx. A 400/422 means re-sending cannot help: journalled as REFUSED (a conformance failure) and dropped.
     * Events answered 404/405 mean the server has no /edge/v1/events: they are switched off for this box.
     */
    private void report() {
        long nextHeartbeat =
                System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(5_000);
        long retryAt = 0;
        while (running || System.currentTimeMillis() < stoppedAt + 3_000 || !(playLogs.isEmpty() && events.isEmpty())) {
            try {
                outboxSignal.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.currentTimeMillis();
            if (running && now >= nextHeartbeat) {
                heartbeat();
                Manifest m = manifest;
                Integer seconds = m == null ? null : m.settings().heartbeatSeconds();
                nextHeartbeat = now + (seconds == null ? 60 : seconds) * 1000L;
            }
            if (now < retryAt) {
                continue;
            }
            try {
                send(playLogs, "edge/v1/playlogs", 50, "PLAYLOGS");
                if (eventsOn) {
                    send(events, "edge/v1/events", 50, "EVENTS");
                } else {
                    events.clear();
                }
                send(heartbeats, "edge/v1/heartbeat", 1, "HEARTBEAT");
            } catch (IOException | Retry e) {
                // What the box saw fail (a node gone, a 502 from the load balancer): counted by bench/cluster.
                journal.write(index, deviceId, "SEND_FAILED", serverMillis(), Map.of("reason", String.valueOf(e)));
                retryAt = now + 2_000 + ThreadLocalRandom.current().nextLong(3_000);
            } catch (InterruptedException e) {
                return;
            }
            if (!running && now >= stoppedAt + 10_000) {
                return; // stopped: the plays it interrupted log after stop(), so keep sending for a while
            }
        }
    }

    private static final class Retry extends Exception {
        Retry(int status) {
            super("HTTP " + status);
        }
    }

    private <T> void send(ConcurrentLinkedQueue<T> queue, String path, int batch, String what)
            throws IOException, InterruptedException, Retry {
        while (!queue.isEmpty()) {
            List<T> entries = new ArrayList<>();
            for (T entry : queue) {
                entries.add(entry);
                if (entries.size() == batch) {
                    break;
                }
            }
            Object body = batch == 1 ? entries.get(0) : entries;
            int status = edge.post(credential, path, body);
            if (status / 100 == 2) {
                queue.removeAll(entries);
                continue;
            }
            if ((status == 404 || status == 405) && path.endsWith("events")) {
                eventsOn = false;
                queue.clear();
                journal.write(index, deviceId, "EVENTS_OFF", serverMillis(), Map.of("status", status));
                return;
            }
            if (status == 400 || status == 422 || status == 413) {
                queue.removeAll(entries);
                journal.write(index, deviceId, "REFUSED", serverMillis(), Map.of("what", what, "status", status));
                continue;
            }
            throw new Retry(status);
        }
    }
}
