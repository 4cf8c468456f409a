package org.openloa.edge.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.playback.PlayLogSink;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.PlayLog;

/**
 * Entries waiting to be delivered, oldest first: {@code outbox/<sequence>-<kind>.json}. One file per
 * entry (rather than a journal) keeps every write independent: a crash can at worst leave a
 * temporary file, never a torn entry, and delivery deletes entries without rewriting anything.
 * <p>
 * Heartbeats queued while offline are capped (oldest dropped first), because a week offline would
 * otherwise queue ten thousand of them; play logs and item events are never dropped.
 */
public final class Outbox implements PlayLogSink, ItemEvents.Sink {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    private static final Pattern NAME = Pattern.compile("(\\d{19})-(playlog|event|heartbeat)\\.json");

    public enum Kind {
        PLAYLOG,
        /** An item event: kept like a play log (never dropped), sent after play logs. */
        EVENT,
        HEARTBEAT;

        String fileKind() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One waiting entry. */
    record Entry(long sequence, Kind kind, Path file) {}

    private final Path dir;
    private final int maxHeartbeats;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long nextSequence;
    private volatile Runnable onAdd = () -> {};

    private Outbox(Path dir, int maxHeartbeats) {
        this.dir = dir;
        this.maxHeartbeats = maxHeartbeats;
    }

    /** Opens the outbox in {@code dir}, picking up whatever an earlier run left undelivered. */
    public static Outbox open(Path dir, int maxHeartbeats) throws IOException {
        AtomicFiles.ownerOnlyDirectory(dir);
        AtomicFiles.deleteLeftovers(dir);
        Outbox outbox = new Outbox(dir, maxHeartbeats);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    long sequence = Long.parseLong(name.group(1));
                    outbox.entries.put(
                            sequence,
                            new Entry(sequence, Kind.valueOf(name.group(2).toUpperCase(java.util.Locale.ROOT)), file));
                }
            }
        }
        outbox.nextSequence = outbox.entries.isEmpty() ? 1 : outbox.entries.lastKey() + 1;
        if (!outbox.entries.isEmpty()) {
            LOG.info(() -> "outbox: " + outbox.entries.size() + " entries from an earlier run are waiting to be sent");
        }
        return outbox;
    }

    /** Called after each add, e.g. to send soon. */
    public void onAdd(Runnable listener) {
        this.onAdd = listener;
    }

    @Override
    public synchronized boolean holds(String playLogId) throws IOException {
        for (Entry entry : entries.values()) {
            if (entry.kind() == Kind.PLAYLOG
                    && playLogId.equals(Json.read(read(entry), PlayLog.class).id())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void add(PlayLog log) throws IOException {
        add(Kind.PLAYLOG, Json.write(log));
    }

    @Override
    public void add(ItemEvent event) throws IOException {
        add(Kind.EVENT, Json.write(event));
    }

    public void add(Heartbeat heartbeat) throws IOException {
        add(Kind.HEARTBEAT, Json.write(heartbeat));
    }

    private void add(Kind kind, byte[] json) throws IOException {
        synchronized (this) {
            long sequence = nextSequence++;
            Path file = dir.resolve(String.format("%019d-%s.json", sequence, kind.fileKind()));
            AtomicFiles.write(file, json);
            entries.put(sequence, new Entry(sequence, kind, file));
            if (kind == Kind.HEARTBEAT) {
                dropHeartbeatsOverCap();
            }
        }
        onAdd.run();
    }

    private void dropHeartbeatsOverCap() throws IOException {
        List<Entry> heartbeats = entries.values().stream()
                .filter(e -> e.kind() == Kind.HEARTBEAT)
                .toList();
        if (heartbeats.size() > maxHeartbeats) {
            remove(heartbeats.subList(0, heartbeats.size() - maxHeartbeats));
        }
    }

    /** Up to {@code max} of the oldest entries of one kind. */
    synchronized List<Entry> oldest(Kind kind, int max) {
        List<Entry> oldest = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.kind() == kind) {
                oldest.add(entry);
                if (oldest.size() == max) {
                    break;
                }
            }
        }
        return oldest;
    }

    byte[] read(Entry entry) throws IOException {
        return Files.readAllBytes(entry.file());
    }

    /** Delivered: gone for good. */
    synchronized void remove(List<Entry> delivered) throws IOException {
        for (Entry entry : delivered) {
            Files.deleteIfExists(entry.file());
            entries.remove(entry.sequence());
        }
        AtomicFiles.syncDirectory(dir);
    }

    /**
     * Refused by the server as malformed (400/422): re-sending cannot help, and the entry must not
     * block the ones behind it. Moved to {@code outbox/rejected/} for someone to look at.
     */
    synchronized void reject(Entry entry, String why) throws IOException {
        Path rejected = AtomicFiles.ownerOnlyDirectory(dir.resolve("rejected"));
        if (Files.exists(entry.file())) {
            AtomicFiles.move(entry.file(), rejected.resolve(entry.file().getFileName()));
        }
        entries.remove(entry.sequence());
        AtomicFiles.syncDirectory(dir);
        LOG.severe(
                () -> "outbox: " + entry.file().getFileName() + " was refused (" + why + ") and moved to " + rejected);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized Map<Kind, Long> sizes() {
        Map<Kind, Long> sizes = new java.util.EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            sizes.put(
                    kind,
                    entries.values().stream().filter(e -> e.kind() == kind).count());
        }
        return sizes;
    }
}
