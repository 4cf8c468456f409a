package org.openloa.bench.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;

/**
 * What the fleet saw, one JSON object per line, for a benchmark to read while the fleet runs: {@code {"at": epoch
 * ms by this machine's clock, "server": epoch ms by the box's corrected server clock, "box": 17, "device": id,
 * "event": "STARTED", "item": id, "priority": "EMERGENCY", ...}}. {@code at} is the local clock on purpose: the
 * benchmark that posts an emergency on the same machine measures from its own clock. Counters per event are kept
 * for the summary.
 *
 * <p>A box only hands its line over: one platform thread writes the lines and flushes whenever it has no more, so a
 * reader tailing the file sees a play start as it happens. The boxes used to write and flush each line themselves
 * under one lock: with a thousand virtual threads on two carriers, each hand-over of that lock waited for the run
 * queue, and a box woken by MQTT waited up to 4 s to write its WAKE line before it polled (docs/benchmarks.md,
 * "Emergency: time to air"): the instrument slowed what it measured.
 */
final class Journal implements AutoCloseable {

    /** Handed over last, by {@link #close()}; compared by identity (no line is this instance). */
    private static final String END = new String("end of journal");

    private final BufferedWriter out;
    private final ObjectMapper json;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile IOException failed;

    Journal(Path file, ObjectMapper json) {
        this.json = json;
        try {
            this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out == null) {
            this.writer = null;
        } else {
            this.writer = new Thread(this::writeLines, "journal");
            writer.setDaemon(true);
            writer.start();
        }
    }

    void write(int box, String device, String event, long serverMillis, Map<String, Object> details) {
        counts.computeIfAbsent(event, e -> new AtomicLong()).incrementAndGet();
        if (out == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", System.currentTimeMillis());
        line.put("server", serverMillis);
        line.put("box", box);
        line.put("device", device);
        line.put("event", event);
        line.putAll(details);
        if (failed != null) {
            throw new UncheckedIOException(failed);
        }
        lines.add(json.writeValueAsString(line));
    }

    /** The writer thread: every line in turn, a flush whenever the queue is empty, until {@link #END}. */
    private void writeLines() {
        try {
            while (true) {
                String line = lines.poll();
                if (line == null) {
                    out.flush();
                    line = lines.take();
                }
                if (line == END) {
                    out.flush();
                    return;
                }
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            failed = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long count(String event) {
        AtomicLong n = counts.get(event);
        return n == null ? 0 : n.get();
    }

    Map<String, AtomicLong> counts() {
        return counts;
    }

    /** Writes every line handed over so far, then closes the file. */
    @Override
    public void close() throws IOException {
        if (out == null) {
            return;
        }
        lines.add(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
        if (failed != null) {
            throw failed;
        }
    }
}
