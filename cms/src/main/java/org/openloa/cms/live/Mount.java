package org.openloa.cms.live;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live session's sound on this node, while its source is connected: every chunk that comes in is written to
 * the recording, and either kept for the boxes listening here (the embedded mount: each listener reads the chunks
 * after the one it last sent, from a short backlog) or forwarded at once to Icecast as that mount's source.
 *
 * <p>Nothing is decoded: the bytes go out as they came in (MP3 or Ogg), so a box hears the speaker with no delay
 * added here beyond one chunk.
 */
final class Mount implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);

    /** Chunks kept for listeners that fall behind a little; one further behind skips ahead. */
    private static final int BACKLOG = 256;

    private final UUID sessionId;
    private final String contentType;
    private final Path recording;
    private final OutputStream record;
    private final Clock clock;
    private final int burstBytes;
    private final int maxListeners;
    private final Deque<byte[]> backlog = new ArrayDeque<>();
    private final AtomicInteger listeners = new AtomicInteger();
    private long sequence;
    private long bytes;
    private volatile Instant lastBytes;
    private final LevelMeter meter;
    private volatile boolean closed;
    private java.net.Socket icecastSocket;
    private OutputStream icecastBody;

    /** @param meter hears whether the bytes carry sound (null: any bytes count as sound) */
    Mount(
            UUID sessionId,
            String contentType,
            Path recording,
            Clock clock,
            int burstBytes,
            int maxListeners,
            LevelMeter meter)
            throws IOException {
        this.meter = meter;
        this.sessionId = sessionId;
        this.contentType = contentType;
        this.recording = recording;
        this.clock = clock;
        this.burstBytes = burstBytes;
        this.maxListeners = maxListeners;
        Files.createDirectories(recording.getParent());
        // Appended: an encoder that reconnects within the silence goes on with the same recording.
        this.record = Files.newOutputStream(
                recording, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        this.lastBytes = clock.instant();
    }

    /**
     * Connects to Icecast as the source of {@code mount}, as libshout does: HTTP PUT with Basic auth and
     * {@code Expect: 100-continue}, then the bytes raw (Icecast 2.4 takes no chunked body, so no HTTP client
     * library fits). Throws when Icecast refuses (another source on the mount, a wrong password): the session
     * cannot go on air there.
     */
    void forwardTo(URI server, String mount, String username, String password) throws IOException {
        int port = server.getPort() > 0 ? server.getPort() : 80;
        java.net.Socket socket = new java.net.Socket();
        socket.connect(new java.net.InetSocketAddress(server.getHost(), port), 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        String path = server.resolve("/").getPath() + mount;
        String request = "PUT " + path + " HTTP/1.1\r\n"
                + "Host: " + server.getHost() + ":" + port + "\r\n"
                + "Authorization: Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
                + "\r\n"
                + "User-Agent: OpenLoa\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Ice-Public: 0\r\n"
                + "Ice-Name: OpenLoa live " + sessionId + "\r\n"
                + "Expect: 100-continue\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        java.io.InputStream in = socket.getInputStream();
        StringBuilder status = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            status.append((char) c);
        }
        String line = status.toString().strip();
        if (!line.matches("HTTP/1\\.[01] (100|200)( .*)?")) {
            socket.close();
            throw new IOException("Icecast refused the source of " + mount + ": " + line);
        }
        socket.setSoTimeout(0);
        this.icecastSocket = socket;
        this.icecastBody = out;
    }

    /** A chunk from the source: recorded, forwarded or kept for listeners. */
    void accept(byte[] chunk, int length) throws IOException {
        if (length <= 0 || closed) {
            return;
        }
        byte[] copy = java.util.Arrays.copyOf(chunk, length);
        record.write(copy);
        if (icecastBody != null) {
            icecastBody.write(copy);
            icecastBody.flush();
        }
        synchronized (this) {
            backlog.addLast(copy);
            if (backlog.size() > BACKLOG) {
                backlog.removeFirst();
            }
            sequence++;
            bytes += length;
            notifyAll();
        }
        lastBytes = clock.instant();
        if (meter != null) {
            meter.offer(copy);
        }
    }

    /** The last moment the source was heard: louder than the threshold, or (without a working meter) sending. */
    Instant lastSound() {
        return meter != null && meter.working() ? meter.lastSound() : lastBytes;
    }

    synchronized long bytes() {
        return bytes;
    }

    int listeners() {
        return listeners.get();
    }

    boolean closed() {
        return closed;
    }

    Path recording() {
        return recording;
    }

    String contentType() {
        return contentType;
    }

    /**
     * Serves one listener of the embedded mount until the session ends or the listener goes away: first the
     * burst (the last {@code burstBytes} that came in), then each chunk as it comes.
     *
     * @return false when the mount already has its most listeners (nothing was written)
     */
    boolean listen(OutputStream out) throws IOException {
        if (listeners.incrementAndGet() > maxListeners) {
            listeners.decrementAndGet();
            return false;
        }
        try {
            long next;
            synchronized (this) {
                int burst = 0;
                int from = backlog.size();
                for (var it = backlog.descendingIterator(); it.hasNext() && burst < burstBytes; ) {
                    burst += it.next().length;
                    from--;
                }
                next = sequence - (backlog.size() - from);
            }
            while (true) {
                byte[] chunk;
                synchronized (this) {
                    while (next >= sequence && !closed) {
                        try {
                            wait(1000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return true;
                        }
                    }
                    if (next >= sequence) {
                        return true;
                    }
                    long oldest = sequence - backlog.size();
                    if (next < oldest) {
                        next = oldest; // fell too far behind: skip to what is kept
                    }
                    chunk = backlog.stream().skip(next - oldest).findFirst().orElseThrow();
                    next++;
                }
                out.write(chunk);
                out.flush();
            }
        } finally {
            listeners.decrementAndGet();
        }
    }

    /** Ends it: listeners are let go, the recording closed, Icecast's source connection closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        if (meter != null) {
            meter.close();
        }
        try {
            record.close();
        } catch (IOException e) {
            log.warn("Live session {}: recording not closed cleanly: {}", sessionId, e.getMessage());
        }
        if (icecastSocket != null) {
            try {
                icecastSocket.close(); // Icecast ends the mount; its listeners get the end of the stream
            } catch (IOException e) {
                log.debug("Live session {}: Icecast source closed: {}", sessionId, e.getMessage());
            }
        }
    }
}
