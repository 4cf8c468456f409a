package org.openloa.edge.playback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.openloa.edge.support.Threads;

/**
 * One relay (a STREAM item) on air: a clocked mixer that sends the player an unbroken PCM stream, the source's
 * sound while it is there and the fallback's while it is not, so a dead source never leaves the loudspeakers silent
 * and never passes for a whole relay.
 *
 * <p>Why a mixer and not "play the URL, and on failure play something else": the player then stops and starts (a
 * gap each time), a silent-but-connected source is never noticed, and the box would need a second connection to
 * measure the level. Here ffmpeg decodes the source once into PCM that the relay measures as it passes it on.
 *
 * <ul>
 * <li>Lost: the decoder ended (the source closed, refused, timed out) or delivered nothing for {@code stall}.</li>
 * <li>Silent: every 100 ms of its sound below {@code silenceDb} dBFS for {@code silence} (default 10 s).</li>
 * <li>Meanwhile the fallback plays (the area's bulletin in a loop, else a short tone every few seconds) and the
 * source is tried again every {@code retry}; it goes back on air after half a second of sound above the threshold.
 * </li>
 * </ul>
 * The stretches lost are measured on the output's own timeline (samples written), so they match what the
 * loudspeaker, or the file sink's WAV, carried.
 */
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());

    /** Mono 16-bit at 44.1 kHz: every decoder resamples to this, so switching needs no conversion. */
    static final int RATE = 44_100;

    private static final int CHUNK = RATE / 20;
    /** How far ahead of real time the output runs, so the player never starves waiting for the next chunk. */
    private static final int LEAD = RATE / 5;
    /** More than this waiting from the source (a burst on connect, clock drift) is dropped to keep latency low. */
    private static final int MOST_BUFFERED = 3 * RATE;
    /**
     * How long a source may take to give its first sound: ffmpeg starts, connects, and probes the format (longer
     * on a loaded one-core box than a stall mid-relay, which {@code stall} covers). A refused or missing source
     * ends the decoder at once and falls back without waiting.
     */
    private static final long CONNECT_SAMPLES = 5L * RATE;
    /** How much sound a returning source must carry before it goes back on air. */
    private static final int BACK_AFTER = RATE / 2;

    /** The relay's settings (agent settings relay.*). */
    record Tuning(Duration silence, double silenceDb, Duration stall, Duration retry) {

        static final Tuning DEFAULT =
                new Tuning(Duration.ofSeconds(10), -50, Duration.ofSeconds(2), Duration.ofSeconds(2));

        int silenceSamples() {
            return (int) Math.max(1, silence.toMillis() * RATE / 1000);
        }

        double threshold() {
            return 32768 * Math.pow(10, silenceDb / 20);
        }
    }

    private final String url;
    private final Path fallback;
    private final String ffmpeg;
    private final Tuning tuning;
    private final Clock clock;

    private final List<Lost> lost = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean feeding;
    private volatile boolean stopped;

    /** A stretch lost, on the output's timeline. */
    record Lost(Instant from, Instant to) {}

    Relay(String url, Path fallback, String ffmpeg, Tuning tuning, Clock clock) {
        this.url = url;
        this.fallback = fallback;
        this.ffmpeg = ffmpeg;
        this.tuning = tuning;
        this.clock = clock;
    }

    void stop() {
        stopped = true;
        if (!feeding) {
            done.countDown();
        }
    }

    /** Waits (a little) for the feed to finish, so {@link #lost()} holds the last stretch too. */
    void awaitEnd() {
        try {
            done.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stretches lost so far (all of them once {@link #feed} has returned). */
    List<Lost> lost() {
        synchronized (lost) {
            return List.copyOf(lost);
        }
    }

    /**
     * Writes a WAV stream to {@code out} in real time until {@link #stop()} or until the reader goes away. Runs on
     * the caller's thread.
     */
    void feed(OutputStream out) throws IOException {
        feeding = true;
        try {
            mix(out);
        } finally {
            done.countDown();
        }
    }

    private void mix(OutputStream out) throws IOException {
        out.write(wavHeader());
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        long written = 0;
        Decoder source = Decoder.source(ffmpeg, url);
        Fallback other = Fallback.of(ffmpeg, fallback);
        boolean onSource = true;
        long lostFrom = -1;
        long starvingFrom = 0;
        boolean heard = false;
        long silent = 0;
        long loud = 0;
        long lastTry = System.nanoTime();
        short[] samples = new short[CHUNK];
        byte[] bytes = new byte[CHUNK * 2];
        try {
            while (!stopped) {
                long due = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startedNanos) * RATE / 1_000_000
                        + LEAD
                        - written;
                if (due < CHUNK / 2) {
                    sleep(Math.max(5, (CHUNK - due) * 1000 / RATE));
                    continue;
                }
                int n = (int) Math.min(due, CHUNK);
                if (onSource) {
                    source.trim(MOST_BUFFERED, LEAD);
                    int got = source.take(samples, n);
                    if (got > 0) {
                        starvingFrom = -1;
                        heard = true;
                        if (level(samples, got) < tuning.threshold()) {
                            silent += got;
                        } else {
                            silent = 0;
                        }
                    } else if (starvingFrom < 0) {
                        starvingFrom = written;
                    }
                    for (int i = got; i < n; i++) {
                        samples[i] = 0;
                    }
                    boolean dead = got == 0 && source.ended();
                    long patience = heard ? tuning.stall().toMillis() * RATE / 1000 : CONNECT_SAMPLES;
                    boolean stalled = got == 0 && written - starvingFrom >= patience;
                    if (dead || stalled || silent >= tuning.silenceSamples()) {
                        lostFrom = silent >= tuning.silenceSamples() ? written + got - silent : starvingFrom;
                        String why = silent >= tuning.silenceSamples() ? "silent" : dead ? "lost" : "stalled";
                        LOG.warning(() -> "relay " + url + ": the source is " + why + "; playing the fallback");
                        onSource = false;
                        silent = 0;
                        loud = 0;
                        starvingFrom = -1;
                        if (dead || stalled) {
                            source.close();
                            lastTry = System.nanoTime();
                        }
                    }
                } else {
                    other.fill(samples, n);
                    // The source, if connected, is drained and measured while the fallback plays.
                    short[] drained = new short[CHUNK];
                    for (int got; (got = source.take(drained, drained.length)) > 0; ) {
                        loud = level(drained, got) >= tuning.threshold() ? loud + got : 0;
                    }
                    if (source.ended()
                            && System.nanoTime() - lastTry >= tuning.retry().toNanos()) {
                        source.close();
                        source = Decoder.source(ffmpeg, url);
                        lastTry = System.nanoTime();
                        loud = 0;
                    }
                    if (loud >= BACK_AFTER) {
                        long backAt = written + n;
                        record(started, lostFrom, backAt);
                        LOG.info(() -> "relay " + url + ": the source is back");
                        onSource = true;
                        heard = true;
                        lostFrom = -1;
                        silent = 0;
                        starvingFrom = -1;
                    }
                }
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asShortBuffer()
                        .put(samples, 0, n);
                out.write(bytes, 0, n * 2);
                out.flush();
                written += n;
            }
        } finally {
            if (lostFrom >= 0) {
                record(started, lostFrom, written);
            }
            source.close();
            other.close();
        }
    }

    private void record(Instant started, long fromSample, long toSample) {
        Instant from = started.plusNanos(fromSample * 1_000_000_000L / RATE);
        Instant to = started.plusNanos(toSample * 1_000_000_000L / RATE);
        synchronized (lost) {
            lost.add(new Lost(from, to));
        }
    }

    /** The root mean square of the first {@code n} samples. */
    static double level(short[] samples, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A WAV header for a stream of unknown length (the sizes at their maximum, as ffmpeg writes to a pipe). */
    static byte[] wavHeader() {
        return ByteBuffer.allocate(44)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(-1)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(RATE)
                .putInt(RATE * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(-1)
                .array();
    }

    /**
     * An ffmpeg decoding a URL or file to mono PCM, read on its own thread into a buffer the mixer takes from, so a
     * stalled source never stalls the output. A source's buffer drops its oldest sound when full (the connection is
     * always read); a looping file's waits instead, so the file is decoded only as fast as it plays.
     */
    static final class Decoder {
        private final Process process;
        private final boolean waitsWhenFull;
        private final short[] ring = new short[MOST_BUFFERED * 2];
        /** A lock, not a monitor: the pump may be a virtual thread, which a monitor wait would pin. */
        private final ReentrantLock lock = new ReentrantLock();

        private final Condition taken = lock.newCondition();
        private int head;
        private int size;
        private volatile boolean ended;

        private Decoder(Process process, boolean waitsWhenFull) {
            this.process = process;
            this.waitsWhenFull = waitsWhenFull;
        }

        static Decoder source(String ffmpeg, String url) {
            List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin"));
            if (url.startsWith("http://") || url.startsWith("https://")) {
                // A source that accepts the connection and then says nothing must not hang the decoder for ever.
                command.addAll(List.of("-rw_timeout", "5000000"));
            }
            // ffmpeg's default format probe reads up to 1 MiB: 8 s of a 64 kbit/s live MP3 before the first sound.
            // 8 KiB tells MP3, ADTS AAC, Ogg and an HLS playlist apart just as well, and on air in under 2 s.
            command.addAll(
                    List.of("-formatprobesize", "8192", "-probesize", "32768", "-analyzeduration", "0", "-i", url));
            return start(command, false);
        }

        static Decoder looping(String ffmpeg, Path file) {
            return start(
                    new ArrayList<>(List.of(
                            ffmpeg,
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-nostdin",
                            "-stream_loop",
                            "-1",
                            "-i",
                            file.toString())),
                    true);
        }

        private static Decoder start(List<String> command, boolean waitsWhenFull) {
            command.addAll(List.of("-vn", "-ac", "1", "-ar", Integer.toString(RATE), "-f", "s16le", "-"));
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                Decoder decoder = new Decoder(process, waitsWhenFull);
                Threads.start("relay-decoder", decoder::pump);
                return decoder;
            } catch (IOException e) {
                LOG.warning(() -> "relay: cannot start " + command.get(0) + ": " + e.getMessage());
                Decoder decoder = new Decoder(null, waitsWhenFull);
                decoder.ended = true;
                return decoder;
            }
        }

        private void pump() {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int carry = -1;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    int i = 0;
                    lock.lock();
                    try {
                        if (carry >= 0) {
                            put((short) ((buffer[0] << 8) | carry));
                            carry = -1;
                            i = 1;
                        }
                        for (; i + 1 < n; i += 2) {
                            put((short) ((buffer[i + 1] << 8) | (buffer[i] & 0xff)));
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (i < n) {
                        carry = buffer[i] & 0xff;
                    }
                }
            } catch (IOException e) {
                // the source is gone: ended below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended = true;
            }
        }

        private void put(short sample) throws InterruptedException {
            while (size == ring.length) {
                if (waitsWhenFull && process.isAlive()) {
                    taken.await(200, TimeUnit.MILLISECONDS);
                    if (!process.isAlive()) {
                        return;
                    }
                } else {
                    head = (head + 1) % ring.length;
                    size--;
                }
            }
            ring[(head + size) % ring.length] = sample;
            size++;
        }

        int take(short[] into, int n) {
            lock.lock();
            try {
                int got = Math.min(n, size);
                for (int i = 0; i < got; i++) {
                    into[i] = ring[head];
                    head = (head + 1) % ring.length;
                }
                size -= got;
                taken.signalAll();
                return got;
            } finally {
                lock.unlock();
            }
        }

        /** Keeps latency low: with more than {@code most} waiting, only the newest {@code keep} stay. */
        void trim(int most, int keep) {
            lock.lock();
            try {
                if (size > most) {
                    int drop = size - keep;
                    head = (head + drop) % ring.length;
                    size = keep;
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether the decoder has stopped and everything it gave has been taken. */
        boolean ended() {
            lock.lock();
            try {
                return ended && size == 0;
            } finally {
                lock.unlock();
            }
        }

        void close() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** What plays while the source is away: the cached bulletin in a loop, else a short tone every few seconds. */
    interface Fallback extends AutoCloseable {

        void fill(short[] into, int n);

        @Override
        void close();

        static Fallback of(String ffmpeg, Path file) {
            return file == null ? new Tone() : new Looped(ffmpeg, file);
        }
    }

    /** 0.4 s of 660 Hz every 3 s at -12 dBFS: a sign that the relay is on and its source is not. */
    static final class Tone implements Fallback {
        private long position;

        @Override
        public void fill(short[] into, int n) {
            for (int i = 0; i < n; i++, position++) {
                long inCycle = position % (3L * RATE);
                into[i] = inCycle < RATE * 2L / 5 ? (short) (Math.sin(2 * Math.PI * 660 * inCycle / RATE) * 8200) : 0;
            }
        }

        @Override
        public void close() {}
    }

    /**
     * The bulletin decoded in a loop by an ffmpeg started with the relay: it waits (the pipe full) until the
     * fallback is needed, so switching costs no start-up. If it cannot play, the tone takes over.
     */
    static final class Looped implements Fallback {
        private final Decoder decoder;
        private final Tone tone = new Tone();

        Looped(String ffmpeg, Path file) {
            this.decoder = Decoder.looping(ffmpeg, file);
        }

        @Override
        public void fill(short[] into, int n) {
            int got = decoder.take(into, n);
            if (got < n && decoder.ended()) {
                short[] rest = new short[n - got];
                tone.fill(rest, rest.length);
                System.arraycopy(rest, 0, into, got, rest.length);
            } else {
                for (int i = got; i < n; i++) {
                    into[i] = 0;
                }
            }
        }

        @Override
        public void close() {
            decoder.close();
        }
    }
}
