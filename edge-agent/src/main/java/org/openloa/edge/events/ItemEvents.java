package org.openloa.edge.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.ItemEvent.Type;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Priority;
import tools.jackson.core.type.TypeReference;

/**
 * Reports the steps of an item, each at most once: EMERGENCY items always, every item when the
 * {@code events.all.items} setting says so.
 * <p>
 * Once per item and type, even across a restart or a kill -9: an event's id is derived from (device, item,
 * type) with a name-based UUID, so it can never be chosen twice, and the ids already written to the outbox are
 * kept in {@code events.json} (until a day after the item's end) so a restart does not send them again. The
 * outbox is written first and the ledger second: a crash between the two sends the event again under the same
 * id, which the server stores once; the other order could lose it.
 */
public final class ItemEvents {

    private static final Logger LOG = Logger.getLogger(ItemEvents.class.getName());
    private static final TypeReference<Map<String, Instant>> LEDGER = new TypeReference<>() {};

    /** Where events go: the durable outbox. */
    public interface Sink {
        /** Keeps {@code event} durably; returns once it would survive a kill -9. */
        void add(ItemEvent event) throws IOException;
    }

    private final Clock clock;
    private final Sink sink;
    private final Path file;
    private final String deviceId;
    private final boolean allItems;
    /** The ids already written to the outbox, with the end of their item (to forget them a day later). */
    private final Map<String, Instant> written = new HashMap<>();
    /** A lock, not a monitor: the outbox write inside blocks on I/O (virtual threads on Java 21-23). */
    private final ReentrantLock lock = new ReentrantLock();

    private boolean disabled;

    private ItemEvents(Clock clock, Sink sink, Path file, String deviceId, boolean allItems) {
        this.clock = clock;
        this.sink = sink;
        this.file = file;
        this.deviceId = deviceId;
        this.allItems = allItems;
    }

    /**
     * @param file     the ledger, {@code data.dir/events.json}; null keeps it in memory only (tests)
     * @param deviceId part of every event id: item ids are the same on every box of a broadcast, event ids must
     *                 not be (the server keys events by id alone)
     * @param allItems report every item, not only EMERGENCY ones
     */
    public static ItemEvents open(Clock clock, Sink sink, Path file, String deviceId, boolean allItems) {
        ItemEvents events = new ItemEvents(clock, sink, file, deviceId, allItems);
        if (file != null && Files.exists(file)) {
            try {
                events.written.putAll(Json.read(Files.readAllBytes(file), LEDGER));
            } catch (IOException | RuntimeException e) {
                // Losing the ledger costs re-sent events under their old ids, which the server stores once.
                LOG.warning(() -> file + " cannot be read (" + e.getMessage() + "); starting a new one");
            }
        }
        return events;
    }

    /** Reports nothing: for the warm-up and for tests that do not look at events. */
    public static ItemEvents none() {
        ItemEvents events = new ItemEvents(Clock.systemUTC(), event -> {}, null, "-", false);
        events.disabled = true;
        return events;
    }

    /** The id of {@code type} for {@code itemId} on {@code deviceId}: the same every time it is asked. */
    public static String id(String deviceId, String itemId, Type type) {
        return UUID.nameUUIDFromBytes(("openloa-item-event\n" + deviceId + "\n" + itemId + "\n" + type)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Whether this box reports the steps of {@code item}. */
    public boolean reports(Item item) {
        return !disabled && (allItems || item.priority() == Priority.EMERGENCY);
    }

    public void received(Item item) {
        report(item, Type.RECEIVED, null);
    }

    public void ready(Item item) {
        report(item, Type.READY, null);
    }

    public void started(Item item) {
        report(item, Type.STARTED, null);
    }

    public void ended(Item item) {
        report(item, Type.ENDED, null);
    }

    public void failed(Item item, String reason) {
        report(item, Type.FAILED, reason);
    }

    public void late(Item item, String reason) {
        report(item, Type.LATE, reason);
    }

    /** Whether {@code type} was already reported for {@code item}. */
    public boolean reported(Item item, Type type) {
        lock.lock();
        try {
            return written.containsKey(id(deviceId, item.id(), type));
        } finally {
            lock.unlock();
        }
    }

    private void report(Item item, Type type, String reason) {
        if (!reports(item)) {
            return;
        }
        String id = id(deviceId, item.id(), type);
        lock.lock();
        try {
            if (written.containsKey(id)) {
                return;
            }
            Instant now = clock.instant();
            sink.add(new ItemEvent(id, item.id(), type, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), reason));
            written.put(id, item.end().toInstant());
            written.values().removeIf(end -> end.isBefore(now.minus(Duration.ofDays(1))));
            save();
            LOG.fine(() -> "event " + type + " of item " + item.id());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot keep the " + type + " event of item " + item.id() + " (disk full?)", e);
        } finally {
            lock.unlock();
        }
    }

    private void save() throws IOException {
        if (file != null) {
            AtomicFiles.write(file, Json.write(written));
        }
    }
}
