package org.openloa.edge.playback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;

/**
 * What the scheduler must remember across a restart ({@code playback.json}): the items it has already
 * dealt with (so a restart does not replay them), the play under way (so a kill -9 in the middle of
 * one still leaves a play log), and the volume.
 */
public final class PlaybackState {

    private static final Logger LOG = Logger.getLogger(PlaybackState.class.getName());

    /**
     * The play under way; {@code playLogId} is the id its play log has (or will have), so a restart that finds it
     * here logs it under the same id. A state written by an older agent has none. {@code rejoin} when the item
     * should start again after a restart (emergency, stream).
     */
    record Playing(String itemId, String mediaId, Instant startedAt, boolean rejoin, String playLogId) {}

    /** {@code seen}: absent in a state written by an agent before item events. */
    record Snapshot(
            Map<String, Instant> handled,
            Playing playing,
            Integer deviceVolume,
            Integer manifestVolume,
            Map<String, Instant> seen) {}

    private final Path file;
    private final Map<String, Instant> handled = new HashMap<>();
    /** The items some manifest has brought, with their end: an item not among them is new to this box. */
    private final Map<String, Instant> seen = new HashMap<>();

    private Playing playing;
    private Integer deviceVolume;
    private Integer manifestVolume;

    private PlaybackState(Path file) {
        this.file = file;
    }

    /** The state kept in {@code file}, or a fresh one. */
    public static PlaybackState load(Path file) throws IOException {
        PlaybackState state = new PlaybackState(file);
        if (file != null && Files.exists(file)) {
            try {
                Snapshot snapshot = Json.read(Files.readAllBytes(file), Snapshot.class);
                if (snapshot.handled() != null) {
                    state.handled.putAll(snapshot.handled());
                }
                if (snapshot.seen() != null) {
                    state.seen.putAll(snapshot.seen());
                }
                state.playing = snapshot.playing();
                state.deviceVolume = snapshot.deviceVolume();
                state.manifestVolume = snapshot.manifestVolume();
            } catch (RuntimeException e) {
                LOG.warning(
                        () -> file + " cannot be read (" + e.getMessage() + "); starting with a fresh playback state");
            }
        }
        return state;
    }

    /** A state kept in memory only, for tests. */
    static PlaybackState inMemory() {
        return new PlaybackState(null);
    }

    boolean handled(String itemId) {
        return handled.containsKey(itemId);
    }

    void handle(String itemId, Instant end) {
        handled.put(itemId, end);
    }

    void unhandle(String itemId) {
        handled.remove(itemId);
    }

    /** Forgets items that ended before {@code before}: they can never be due again. */
    void forgetEndedBefore(Instant before) {
        handled.values().removeIf(end -> end.isBefore(before));
    }

    boolean seen(String itemId) {
        return seen.containsKey(itemId);
    }

    void see(String itemId, Instant end) {
        seen.put(itemId, end);
    }

    /** Forgets items that ended before {@code before} and that {@code listed} no longer has. */
    void forgetSeen(Instant before, Set<String> listed) {
        seen.entrySet().removeIf(e -> e.getValue().isBefore(before) && !listed.contains(e.getKey()));
    }

    Playing playing() {
        return playing;
    }

    void playing(Playing playing) {
        this.playing = playing;
    }

    Integer deviceVolume() {
        return deviceVolume;
    }

    void deviceVolume(Integer volume) {
        this.deviceVolume = volume;
    }

    Integer manifestVolume() {
        return manifestVolume;
    }

    void manifestVolume(Integer volume) {
        this.manifestVolume = volume;
    }

    void save() {
        if (file == null) {
            return;
        }
        try {
            AtomicFiles.write(file, Json.write(new Snapshot(handled, playing, deviceVolume, manifestVolume, seen)));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "cannot save " + file + ": " + e.getMessage());
        }
    }
}
