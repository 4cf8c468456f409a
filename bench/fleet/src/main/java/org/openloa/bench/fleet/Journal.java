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
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;

/**
 * What the fleet saw, one JSON object per line, for a benchmark to read while the fleet runs: {@code {"at": epoch
 * ms by this machine's clock, "server": epoch ms by the box's corrected server clock, "box": 17, "device": id,
 * "event": "STARTED", "item": id, "priority": "EMERGENCY", ...}}. {@code at} is the local clock on purpose: the
 * benchmark that posts an emergency on the same machine measures from its own clock. Each line is flushed at
 * once, so a reader tailing the file sees a play start as it happens. Counters per event are kept for the
 * summary.
 */
final class Journal implements AutoCloseable {

    private final BufferedWriter out;
    private final ObjectMapper json;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    Journal(Path file, ObjectMapper json) {
        this.json = json;
        try {
            this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        String text = json.writeValueAsString(line);
        synchronized (this) {
            try {
                out.write(text);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    long count(String event) {
        AtomicLong n = counts.get(event);
        return n == null ? 0 : n.get();
    }

    Map<String, AtomicLong> counts() {
        return counts;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
