package org.openloa.edge.playback;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.support.Signal;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Kind;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.PlayLog;
import org.openloa.protocol.PlayLog.Outcome;

/**
 * Plays the plan: each item at its start, its media in order, from verified cached files only, and
 * writes one play log per media (one per STREAM item) whatever happens to it.
 * <ul>
 * <li>An EMERGENCY item interrupts anything lower the moment it is due; the interrupted media is
 * logged INTERRUPTED and the rest of its item SKIPPED. As in the scheduler module and Circular
 * 39/2020, PRIORITY does not interrupt NORMAL: if the two ever overlap here, PRIORITY waits.</li>
 * <li>A recording that is not cached (missing, partial, or failed its SHA-256) is SKIPPED with the
 * reason; the player never sees anything but a verified file.</li>
 * <li>A NORMAL or PRIORITY recording that can only start more than {@code lateStart} after its start
 * (the box was off, say) is SKIPPED; an EMERGENCY or a STREAM joins late for the rest of its slot.</li>
 * <li>Quiet hours skip everything but EMERGENCY.</li>
 * <li>An EMERGENCY recording starts as soon as its first file is verified (it waits for it, up to its end);
 * its later files keep downloading while it plays, and one that is not there when its turn comes is
 * SKIPPED.</li>
 * <li>An item that a new manifest drops (or lists in {@code withdrawn}) stops at once: INTERRUPTED with the
 * reason the manifest gives, else "removed from the plan".</li>
 * <li>An item that first reaches the box after its end is SKIPPED ("late: arrived after its end") and
 * reported LATE, so the server can tell late from silent.</li>
 * <li>A STREAM stops at its end; a recording may run up to {@link #OVERRUN} past its end (players start
 * a little late) unless the next item is due.</li>
 * </ul>
 * All decisions read the injected clock in {@link #tick()}, which does what is due and says when to
 * call it again, so tests drive it with a clock they move by hand.
 */
public final class PlaybackScheduler implements Runnable {

    private static final Logger LOG = Logger.getLogger(PlaybackScheduler.class.getName());

    /** How long a recording may run past its slot when nothing else is due. */
    static final Duration OVERRUN = Duration.ofSeconds(5);
    /** The longest wait between ticks, so a corrected clock is noticed soon. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** The first wait before a LIVE item whose stream ended listens again; it doubles each time, up to 8 times it. */
    static final Duration LISTEN_AGAIN_AFTER = Duration.ofSeconds(1);
    /** How long the scheduler waits after a round that failed unexpectedly. */
    private static final Duration AFTER_A_FAULT = Duration.ofSeconds(1);

    private static final int DEFAULT_VOLUME = 100;

    private final Clock clock;
    private final MediaSource media;
    private final Player player;
    private final PlayLogSink logs;
    private final PlaybackState state;
    private final Duration lateStart;
    private final ItemEvents events;
    private final Signal news = new Signal();
    /**
     * Guards the state below. A ReentrantLock, not a monitor: stopping a play waits for it, and on
     * Java 21-23 a virtual thread waiting inside a monitor pins its carrier (on a one-core board, the
     * very carrier the player's thread needs to finish).
     */
    private final ReentrantLock lock = new ReentrantLock();

    private Manifest manifest;
    private Current current;
    /** Why the last media of the item being dealt with could not play: the reason of its FAILED event. */
    private String lastProblem;

    private volatile boolean running = true;

    /** The media (or stream) playing now, within its item. */
    private static final class Current {
        Item item;
        final int index;
        final String mediaId;
        final Instant startedAt;
        /** The player's play; a LIVE item that listens again after its stream ended gets a new one. */
        Playback playback;
        /** Chosen when the play starts and kept in the state, so the play is logged under one id only. */
        final String playLogId = UUID.randomUUID().toString();
        /** When a LIVE item whose stream ended listens again; null while it is on air. */
        Instant listenAgainAt;
        /** How many times in a row it listened again without going on air: each wait doubles, three times at most. */
        int listenedAgain;

        Current(Item item, int index, String mediaId, Instant startedAt, Playback playback) {
            this.item = item;
            this.index = index;
            this.mediaId = mediaId;
            this.startedAt = startedAt;
            this.playback = playback;
        }
    }

    public PlaybackScheduler(
            Clock clock, MediaSource media, Player player, PlayLogSink logs, PlaybackState state, Duration lateStart) {
        this(clock, media, player, logs, state, lateStart, ItemEvents.none());
    }

    public PlaybackScheduler(
            Clock clock,
            MediaSource media,
            Player player,
            PlayLogSink logs,
            PlaybackState state,
            Duration lateStart,
            ItemEvents events) {
        this.events = events;
        this.clock = clock;
        this.media = media;
        this.player = player;
        this.logs = logs;
        this.state = state;
        this.lateStart = lateStart;
        recover();
    }

    /**
     * A play that was under way when the agent died gets its play log now (INTERRUPTED, end unknown);
     * an emergency or a stream then rejoins its slot, anything else stays done.
     */
    private void recover() {
        PlaybackState.Playing playing = state.playing();
        if (playing == null) {
            return;
        }
        // The play may have been logged already, the agent killed before it saved that nothing plays: its log
        // keeps the id chosen when it started, so it is neither written twice here nor stored twice by the server.
        String id = playing.playLogId() != null
                ? playing.playLogId()
                : UUID.randomUUID().toString();
        if (!logged(id)) {
            log(
                    id,
                    playing.itemId(),
                    playing.mediaId(),
                    playing.startedAt(),
                    null,
                    Outcome.INTERRUPTED,
                    "the agent stopped while it played");
        }
        if (playing.rejoin()) {
            state.unhandle(playing.itemId());
        }
        state.playing(null);
        state.save();
    }

    /** A new plan from the server. The play under way goes on if its item is still in it. */
    public void plan(Manifest next) {
        plan(next, true);
    }

    /**
     * A new plan. The play under way goes on if its item is still in it.
     *
     * @param fresh whether it just came from the server; the manifest kept on disk (adopted at start) is not,
     *              and what it brings was not "late" now, it was there before the restart
     */
    public void plan(Manifest next, boolean fresh) {
        lock.lock();
        try {
            this.manifest = next;
            arrivals(next, fresh, clock.instant());
            int volume = next.settings().volume();
            if (state.manifestVolume() == null || state.manifestVolume() != volume) {
                // The server's volume changed (or is the first one): it wins over an earlier SET_VOLUME.
                state.manifestVolume(volume);
                state.deviceVolume(volume);
                state.save();
            }
            news.raise();
        } finally {
            lock.unlock();
        }
    }

    /** SET_VOLUME: applies from the next media played. */
    public void setVolume(int volume) {
        lock.lock();
        try {
            state.deviceVolume(Math.max(0, Math.min(100, volume)));
            state.save();
        } finally {
            lock.unlock();
        }
    }

    public int volume() {
        lock.lock();
        try {
            return state.deviceVolume() != null ? state.deviceVolume() : DEFAULT_VOLUME;
        } finally {
            lock.unlock();
        }
    }

    public Optional<String> playingItemId() {
        lock.lock();
        try {
            return current == null ? Optional.empty() : Optional.of(current.item.id());
        } finally {
            lock.unlock();
        }
    }

    /** STOP: ends what is playing now; later items play as planned. */
    public void stop(String reason) {
        lock.lock();
        try {
            if (current != null) {
                interrupt(clock.instant(), reason);
            }
            news.raise();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the loop, logging the play under way as interrupted. An emergency or a stream under way rejoins
     * its slot when the agent is back (as after a kill), so it is not counted as dealt with.
     */
    public void shutdown() {
        running = false;
        lock.lock();
        try {
            if (current != null) {
                Item item = current.item;
                halt(clock.instant(), "the agent stopped");
                if (item.priority() == Priority.EMERGENCY || item.kind().streamed()) {
                    state.unhandle(item.id());
                    state.save();
                }
            }
        } finally {
            lock.unlock();
        }
        news.raise();
    }

    @Override
    public void run() {
        try {
            while (running) {
                Instant next;
                try {
                    next = tick();
                } catch (RuntimeException unexpected) {
                    // A fault in one round must not end playback for good (the box would stay silent until it
                    // restarts): said loudly, and tried again a little later.
                    LOG.log(Level.SEVERE, "playback: a round of the scheduler failed; trying again", unexpected);
                    next = clock.instant().plus(AFTER_A_FAULT);
                }
                Duration wait = Duration.between(clock.instant(), next);
                news.await(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Does whatever is due now; returns when to call it next (sooner if news arrives). */
    public Instant tick() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (current != null) {
                review(now);
            }
            while (current == null && startNextDue(now)) {
                // each round deals with one due item: plays it, or logs why not and looks again
            }
            settleEnded(now);
            state.forgetEndedBefore(now.minus(Duration.ofDays(1)));
            return nextTick(now);
        } finally {
            lock.unlock();
        }
    }

    /** A verified file arrived in the cache: an emergency waiting for it can start now. */
    public void mediaArrived() {
        news.raise();
    }

    /**
     * Items a manifest brings for the first time: RECEIVED, or, when they have already ended, SKIPPED with
     * a play log and reported LATE (the user-facing story: a box that polled after an 8-second emergency had
     * ended left the server with no report at all, which read as a box fault).
     */
    private void arrivals(Manifest next, boolean fresh, Instant now) {
        boolean changed = false;
        for (Item item : next.items()) {
            if (state.seen(item.id())) {
                continue;
            }
            state.see(item.id(), item.end().toInstant());
            changed = true;
            if (item.end().toInstant().isAfter(now)) {
                events.received(item);
            } else if (fresh && !state.handled(item.id())) {
                state.handle(item.id(), item.end().toInstant());
                String reason = "late: arrived after its end";
                LOG.warning(() -> "item " + item.id() + " reached this box after its end (" + item.end() + ")");
                skipFrom(item, 0, reason, now);
                events.late(item, reason);
            }
        }
        Set<String> listed = new HashSet<>();
        next.items().forEach(i -> listed.add(i.id()));
        state.forgetSeen(now.minus(Duration.ofDays(1)), listed);
        if (changed) {
            state.save();
        }
    }

    /** Decides what happens to the play under way. */
    private void review(Instant now) {
        Item live = itemById(current.item.id());
        if (live == null || manifest.withdrawal(current.item.id()).isPresent()) {
            String id = current.item.id();
            interrupt(
                    now,
                    manifest.withdrawal(id).map(Manifest.Withdrawal::reason).orElse("removed from the plan"));
            return;
        }
        current.item = live;
        Optional<Item> rival = bestDue(now);
        if (rival.isPresent() && interrupts(rival.get(), live)) {
            interrupt(
                    now,
                    "interrupted by " + rival.get().priority() + " item "
                            + rival.get().id());
            return;
        }
        if (current.playback.ended().isDone() && live.kind() == Kind.LIVE) {
            if (now.isBefore(live.end().toInstant())) {
                listenAgain(now);
            } else {
                interrupt(now, "its slot ended at " + live.end());
            }
            return;
        }
        if (current.playback.ended().isDone()) {
            Ending ending = current.playback.ended().join();
            Current done = current;
            current = null;
            if (done.item.kind() == Kind.STREAM) {
                // A stream that ends before its slot does was cut short, whatever its player says: never PLAYED.
                List<PlayLog.Lost> lost = done.playback.lost();
                boolean whole = ending.played()
                        && lost.isEmpty()
                        && !now.plusSeconds(1).isBefore(done.item.end().toInstant());
                log(
                        done.playLogId,
                        done.item.id(),
                        null,
                        done.startedAt,
                        now,
                        whole ? Outcome.PLAYED : ending.played() ? Outcome.INTERRUPTED : Outcome.FAILED,
                        whole ? null : ending.played() ? "the stream ended before its slot did" : ending.failure(),
                        lost);
                state.playing(null);
                state.save();
                finished(done.item);
                return;
            }
            log(
                    done.playLogId,
                    done.item.id(),
                    done.mediaId,
                    done.startedAt,
                    now,
                    ending.played() ? Outcome.PLAYED : Outcome.FAILED,
                    ending.failure());
            playFrom(done.item, done.index + 1, now);
            if (current == null) {
                finished(done.item);
            }
            return;
        }
        Instant end = live.end().toInstant();
        if (!now.isBefore(end) && live.kind() == Kind.STREAM) {
            relayEnded(now);
        } else if (!now.isBefore(end)
                && (live.kind().streamed() || rival.isPresent() || !now.isBefore(end.plus(OVERRUN)))) {
            interrupt(now, "its slot ended at " + live.end());
        }
    }

    /**
     * A LIVE item's stream ended while the item stays in the plan. That is not the end of the session: the speaker's
     * link may have dropped, or the operator ended it and the withdrawal is on its way (the encoder stops the moment
     * the session ends, often before the wake reaches the box; the box then logged the session PLAYED, not
     * INTERRUPTED with the operator's reason). So the play is logged once, when the item leaves the plan or its
     * ceiling passes, and meanwhile the box listens again, waiting longer each time.
     */
    private void listenAgain(Instant now) {
        Current waiting = current;
        if (waiting.listenAgainAt == null) {
            Ending ending = waiting.playback.ended().join();
            if (ending.played()) {
                waiting.listenedAgain = 0; // it was on air: a new drop starts with the shortest wait
            }
            waitToListenAgain(waiting, now, ending.played() ? "the source stopped" : ending.failure());
            return;
        }
        if (now.isBefore(waiting.listenAgainAt)) {
            return;
        }
        waiting.listenAgainAt = null;
        waiting.listenedAgain++;
        try {
            waiting.playback = player.start(streamRequest(waiting.item));
            waiting.playback.ended().whenComplete((ending, error) -> news.raise());
            LOG.info(() -> "live " + waiting.item.id() + ": listening again");
        } catch (IOException | RuntimeException e) {
            waitToListenAgain(waiting, now, "the player could not start: " + e.getMessage());
        }
    }

    private static void waitToListenAgain(Current waiting, Instant now, String why) {
        waiting.listenAgainAt = now.plus(LISTEN_AGAIN_AFTER.multipliedBy(1L << Math.min(waiting.listenedAgain, 3)));
        LOG.info(() -> "live " + waiting.item.id() + ": its stream ended (" + why + "); listening again at "
                + waiting.listenAgainAt);
    }

    /**
     * A relay reached the end of its slot: PLAYED when its source was on air throughout, else INTERRUPTED with what
     * was lost (the fallback played meanwhile), so a relay whose source died is never a false proof of play.
     */
    private void relayEnded(Instant now) {
        Current done = current;
        current = null;
        done.playback.stop();
        List<PlayLog.Lost> lost = done.playback.lost();
        long lostSeconds = lostSeconds(lost);
        String reason = lost.isEmpty()
                ? null
                : "source lost for " + lostSeconds + " s of "
                        + Duration.between(done.startedAt, now).toSeconds() + " s; the fallback played";
        LOG.info(() -> "relay " + done.item.id() + " ended with its slot" + (reason == null ? "" : ": " + reason));
        log(
                done.playLogId,
                done.item.id(),
                null,
                done.startedAt,
                now,
                lost.isEmpty() ? Outcome.PLAYED : Outcome.INTERRUPTED,
                reason,
                lost);
        state.playing(null);
        state.save();
        finished(done.item);
    }

    /** Whole seconds lost, rounded up: a loss of a moment is still a loss. */
    static long lostSeconds(List<PlayLog.Lost> lost) {
        long millis = lost.stream().mapToLong(l -> l.length().toMillis()).sum();
        return (millis + 999) / 1000;
    }

    private static boolean interrupts(Item rival, Item playing) {
        return rival.priority() == Priority.EMERGENCY && playing.priority() != Priority.EMERGENCY;
    }

    /** Starts the best due item, or logs why it cannot play; false when nothing is due. */
    private boolean startNextDue(Instant now) {
        Optional<Item> due = bestDue(now);
        if (due.isEmpty()) {
            return false;
        }
        Item item = due.get();
        state.handle(item.id(), item.end().toInstant());
        String skip = skipReason(item, now);
        if (skip != null) {
            skipFrom(item, 0, skip, now);
            state.save();
            events.failed(item, skip);
        } else {
            lastProblem = null;
            playFrom(item, 0, now);
            if (current == null) {
                finished(item);
            }
        }
        return true;
    }

    /** An item is over on this box: ENDED if it went on air, else FAILED with why not. */
    private void finished(Item item) {
        if (events.reported(item, ItemEvent.Type.STARTED)) {
            events.ended(item);
        } else {
            events.failed(item, lastProblem != null ? lastProblem : "nothing of it could play");
        }
    }

    /**
     * Whether {@code item} is an EMERGENCY recording whose first file is not verified yet: it waits for it
     * rather than being skipped, and interrupts nothing meanwhile.
     */
    private boolean waitsForItsFirstFile(Item item) {
        if (item.priority() != Priority.EMERGENCY || item.kind() != Kind.AUDIO) {
            return false;
        }
        Optional<Media> first = manifest.mediaWithId(item.mediaIds().get(0));
        return first.isPresent() && media.ready(first.get()).isEmpty();
    }

    /**
     * Emergencies whose slot ended while they waited for their first file: SKIPPED with the reason, and
     * FAILED, so the board and the play logs say what happened rather than nothing. And emergencies that
     * were on air when the agent stopped and whose slot ended before it came back: ENDED, or the board
     * would show them on air for ever.
     */
    private void settleEnded(Instant now) {
        if (manifest == null) {
            return;
        }
        for (Item item : manifest.items()) {
            Instant end = item.end().toInstant();
            boolean endedUnhandled = !end.isAfter(now)
                    && end.isAfter(now.minus(Duration.ofHours(12)))
                    && !state.handled(item.id())
                    && manifest.withdrawal(item.id()).isEmpty();
            if (endedUnhandled
                    && item.priority() == Priority.EMERGENCY
                    && !waitsForItsFirstFile(item)
                    && events.reported(item, ItemEvent.Type.STARTED)) {
                state.handle(item.id(), end);
                state.save();
                events.ended(item);
            } else if (endedUnhandled && waitsForItsFirstFile(item)) {
                state.handle(item.id(), end);
                String first = item.mediaIds().get(0);
                String reason = "its slot ended before its first file arrived"
                        + media.problem(first).map(p -> " (" + p + ")").orElse("");
                LOG.warning(() -> "emergency " + item.id() + " did not play: " + reason);
                skipFrom(item, 0, reason, now);
                state.save();
                events.failed(item, reason);
            }
        }
    }

    private String skipReason(Item item, Instant now) {
        if (item.priority() != Priority.EMERGENCY && manifest.settings().quietAt(item.start())) {
            return "quiet hours";
        }
        Duration late = Duration.between(item.start().toInstant(), now);
        if (item.kind() == Kind.AUDIO && item.priority() != Priority.EMERGENCY && late.compareTo(lateStart) > 0) {
            return "missed its start by " + late.toSeconds() + " s";
        }
        return null;
    }

    /** Plays the item's media from {@code index} on: the first that is ready; the ones before it are SKIPPED. */
    private void playFrom(Item item, int index, Instant now) {
        if (item.kind().streamed()) {
            if (index == 0) {
                start(item, 0, null, streamRequest(item), now);
            }
        } else {
            for (int i = index; i < item.mediaIds().size() && current == null; i++) {
                if (!now.isBefore(item.end().toInstant())) {
                    skipFrom(item, i, "its slot ended at " + item.end(), now);
                    break;
                }
                String mediaId = item.mediaIds().get(i);
                Media file = manifest.mediaWithId(mediaId).orElseThrow();
                Optional<Path> ready = media.ready(file);
                if (ready.isEmpty()) {
                    lastProblem = "not in the cache"
                            + media.problem(mediaId).map(p -> ": " + p).orElse(" (not downloaded yet)");
                    log(item.id(), mediaId, now, now, Outcome.SKIPPED, lastProblem);
                    continue;
                }
                start(
                        item,
                        i,
                        mediaId,
                        new PlayRequest(
                                item.id(),
                                mediaId,
                                ready.get(),
                                null,
                                file.sha256(),
                                file.mimeType(),
                                volumeOf(item),
                                file.durationMs()),
                        now);
            }
        }
        state.playing(
                current == null
                        ? null
                        : new PlaybackState.Playing(
                                item.id(),
                                current.mediaId,
                                current.startedAt,
                                item.priority() == Priority.EMERGENCY
                                        || item.kind().streamed(),
                                current.playLogId));
        state.save();
    }

    private PlayRequest streamRequest(Item item) {
        return new PlayRequest(
                item.id(),
                null,
                null,
                URI.create(item.streamUrl()),
                null,
                null,
                volumeOf(item),
                0,
                fallbackOf(item),
                item.kind() == Kind.STREAM);
    }

    private void start(Item item, int index, String mediaId, PlayRequest request, Instant now) {
        try {
            Playback playback = player.start(request);
            current = new Current(item, index, mediaId, now, playback);
            playback.ended().whenComplete((ending, error) -> news.raise());
            events.started(item);
            LOG.info(() -> "playing item " + item.id() + (mediaId == null ? " (stream)" : " media " + mediaId)
                    + " at volume " + request.volume());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the player could not start item " + item.id(), e);
            lastProblem = "the player could not start: " + e.getMessage();
            log(item.id(), mediaId, now, now, Outcome.FAILED, lastProblem);
        }
    }

    /** Stops the play under way: INTERRUPTED for it, SKIPPED for the rest of its item; its item is over. */
    private void interrupt(Instant now, String reason) {
        Item item = current.item;
        halt(now, reason);
        finished(item);
    }

    /**
     * Stops the play under way as {@link #interrupt} does, but the item is not over: the agent is stopping,
     * and an emergency or a stream rejoins after the restart (so no ENDED yet).
     */
    private void halt(Instant now, String reason) {
        Current stopped = current;
        current = null;
        stopped.playback.stop();
        LOG.info(() -> "stopped item " + stopped.item.id() + ": " + reason);
        log(
                stopped.playLogId,
                stopped.item.id(),
                stopped.mediaId,
                stopped.startedAt,
                now,
                Outcome.INTERRUPTED,
                reason,
                stopped.item.kind() == Kind.STREAM ? stopped.playback.lost() : List.of());
        skipFrom(stopped.item, stopped.index + 1, reason, now);
        state.playing(null);
        state.save();
    }

    private void skipFrom(Item item, int index, String reason, Instant now) {
        if (item.kind().streamed()) {
            if (index == 0) {
                log(item.id(), null, now, now, Outcome.SKIPPED, reason);
            }
            return;
        }
        for (int i = index; i < item.mediaIds().size(); i++) {
            log(item.id(), item.mediaIds().get(i), now, now, Outcome.SKIPPED, reason);
        }
    }

    /** The item to play now: due, not dealt with yet; highest priority, then earliest start, then id. */
    private Optional<Item> bestDue(Instant now) {
        if (manifest == null) {
            return Optional.empty();
        }
        return manifest.items().stream()
                .filter(i -> !state.handled(i.id()))
                .filter(i -> current == null || !i.id().equals(current.item.id()))
                .filter(i -> !i.start().toInstant().isAfter(now)
                        && i.end().toInstant().isAfter(now))
                .filter(i -> manifest.withdrawal(i.id()).isEmpty())
                .filter(i -> !waitsForItsFirstFile(i))
                .min(Comparator.comparing((Item i) -> -i.priority().ordinal())
                        .thenComparing(i -> i.start().toInstant())
                        .thenComparing(Item::id));
    }

    private Instant nextTick(Instant now) {
        Instant next = now.plus(Duration.ofMinutes(1));
        List<Item> items = manifest == null ? List.of() : manifest.items();
        for (Item item : items) {
            Instant start = item.start().toInstant();
            if (start.isAfter(now) && start.isBefore(next) && !state.handled(item.id())) {
                next = start;
            }
        }
        if (current != null) {
            Instant end = current.item.end().toInstant();
            Instant stopAt = end.isAfter(now) ? end : end.plus(OVERRUN);
            if (stopAt.isAfter(now) && stopAt.isBefore(next)) {
                next = stopAt;
            }
            if (current.listenAgainAt != null && current.listenAgainAt.isBefore(next)) {
                next = current.listenAgainAt;
            }
        }
        return next;
    }

    /** The stream's fallback bulletin if the manifest names one and it is cached and verified; else null (a tone). */
    private Path fallbackOf(Item item) {
        if (item.fallbackMediaId() == null) {
            return null;
        }
        Path file = manifest.mediaWithId(item.fallbackMediaId())
                .flatMap(media::ready)
                .orElse(null);
        if (file == null) {
            LOG.warning(() -> "relay " + item.id() + ": its fallback " + item.fallbackMediaId()
                    + " is not in the cache; a tone stands in");
        }
        return file;
    }

    private Item itemById(String id) {
        return manifest == null
                ? null
                : manifest.items().stream()
                        .filter(i -> i.id().equals(id))
                        .findFirst()
                        .orElse(null);
    }

    private int volumeOf(Item item) {
        return item.volume() != null ? item.volume() : volume();
    }

    private void log(String itemId, String mediaId, Instant started, Instant ended, Outcome outcome, String reason) {
        log(UUID.randomUUID().toString(), itemId, mediaId, started, ended, outcome, reason);
    }

    private void log(
            String id, String itemId, String mediaId, Instant started, Instant ended, Outcome outcome, String reason) {
        log(id, itemId, mediaId, started, ended, outcome, reason, null);
    }

    /** A play log; {@code lost} non-null for a relay (its lostSeconds then always set, 0 when whole). */
    private void log(
            String id,
            String itemId,
            String mediaId,
            Instant started,
            Instant ended,
            Outcome outcome,
            String reason,
            List<PlayLog.Lost> lost) {
        // The clock follows the server's time, corrected with each manifest: a manifest that stops a play a moment
        // after its start can step it back behind that start. Such a play ended as it started.
        Instant end = ended == null || !ended.isBefore(started) ? ended : started;
        PlayLog entry = new PlayLog(
                id,
                itemId,
                mediaId,
                utc(started),
                end == null ? null : utc(end),
                outcome,
                reason,
                lost == null ? null : (int) lostSeconds(lost),
                lost);
        try {
            logs.add(entry);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot keep the play log of item " + itemId + " (disk full?)", e);
        }
    }

    private boolean logged(String playLogId) {
        try {
            return logs.holds(playLogId);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the outbox; the server keeps one play log per id", e);
            return false;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
