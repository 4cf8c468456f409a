package org.openloa.edge.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.Reply;
import org.openloa.edge.support.Json;
import tools.jackson.core.JacksonException;

/**
 * Delivers the outbox: play logs first (POST /edge/v1/playlogs, arrays of at most 50, as Xibo's
 * SubmitStats), then item events (POST /edge/v1/events, arrays of at most 50), then heartbeats (POST
 * /edge/v1/heartbeat, one each), oldest first. An entry is deleted only after a 2xx for it; anything else
 * leaves it for the next flush.
 * <p>
 * A server older than item events answers 404 or 405 on /edge/v1/events: the events are then dropped (they
 * serve a live board that server does not have), said once in the log, and everything else goes on.
 */
public final class OutboxSender {

    /** The protocol's limit for one POST /edge/v1/playlogs. */
    public static final int PLAYLOG_BATCH = 50;
    /** The protocol's limit for one POST /edge/v1/events. */
    public static final int EVENT_BATCH = 50;

    private static final Logger LOG = Logger.getLogger(OutboxSender.class.getName());

    private final Outbox outbox;
    private final CmsLink link;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean toldNoEvents;

    public OutboxSender(Outbox outbox, CmsLink link) {
        this.outbox = outbox;
        this.link = link;
    }

    /**
     * Sends everything waiting.
     *
     * @throws IOException when the server cannot be reached or does not accept entries now; what was
     *                     not delivered stays in the outbox
     */
    public void flush() throws IOException, InterruptedException {
        // One flush at a time, or two could send the same entries. A ReentrantLock, not a monitor: an
        // HTTP call inside a monitor would pin a virtual thread's carrier on Java 21-23.
        lock.lock();
        try {
            send(Outbox.Kind.PLAYLOG, link.endpoint("edge/v1/playlogs"), PLAYLOG_BATCH, true);
            // Events serve a live board; a server that cannot take them now must not hold up the heartbeats,
            // which say the box is alive. They stay queued and the failure is still reported.
            IOException events = null;
            try {
                send(Outbox.Kind.EVENT, link.endpoint("edge/v1/events"), EVENT_BATCH, true);
            } catch (IOException e) {
                events = e;
            }
            send(Outbox.Kind.HEARTBEAT, link.endpoint("edge/v1/heartbeat"), 1, false);
            if (events != null) {
                throw events;
            }
        } finally {
            lock.unlock();
        }
    }

    private void send(Outbox.Kind kind, URI uri, int batchSize, boolean asArray)
            throws IOException, InterruptedException {
        int size = batchSize;
        while (true) {
            List<Outbox.Entry> batch = readable(outbox.oldest(kind, size));
            if (batch.isEmpty()) {
                if (outbox.oldest(kind, 1).isEmpty()) {
                    return;
                }
                continue;
            }
            Reply<byte[]> reply = link.postJson(uri, body(batch, asArray));
            int status = reply.status();
            if (reply.ok()) {
                outbox.remove(batch);
            } else if (kind == Outbox.Kind.EVENT && (status == 404 || status == 405)) {
                outbox.remove(batch);
                if (!toldNoEvents) {
                    toldNoEvents = true;
                    LOG.info(() -> "outbox: the server does not take item events (HTTP " + status + " from "
                            + uri.getPath() + "); they are dropped, everything else is sent");
                }
            } else if ((status == 400 || status == 413 || status == 422) && batch.size() > 1) {
                // One bad entry must not sink its batch: send one at a time to find it.
                size = 1;
            } else if (status == 400 || status == 413 || status == 422) {
                outbox.reject(batch.get(0), "HTTP " + status);
            } else {
                throw new IOException(kind.fileKind() + "s: HTTP " + status + " from " + uri.getPath());
            }
        }
    }

    /** The entries that hold JSON; a damaged file is set aside rather than sent. */
    private List<Outbox.Entry> readable(List<Outbox.Entry> entries) throws IOException {
        List<Outbox.Entry> readable = new ArrayList<>();
        for (Outbox.Entry entry : entries) {
            try {
                Json.tree(outbox.read(entry));
                readable.add(entry);
            } catch (JacksonException | IllegalArgumentException | IOException e) {
                outbox.reject(entry, "unreadable: " + e.getMessage());
            }
        }
        return readable;
    }

    private byte[] body(List<Outbox.Entry> batch, boolean asArray) throws IOException {
        if (!asArray) {
            return outbox.read(batch.get(0));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.write(outbox.read(batch.get(i)));
        }
        body.write(']');
        return body.toByteArray();
    }
}
