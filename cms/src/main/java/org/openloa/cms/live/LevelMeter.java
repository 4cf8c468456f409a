package org.openloa.cms.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears whether a live source carries sound, not only bytes: an encoder left on with the mixer down (or a browser
 * tab whose microphone is muted) sends a steady stream of digital silence, and a session must not stay on the
 * loudspeakers for hours carrying nothing. One ffmpeg per connected source decodes a copy of what comes in to 8 kHz
 * mono, and every 100 ms whose loudest sample is above {@code openloa.stream.silence-db} (-50 dBFS, the relays'
 * threshold) counts as sound.
 *
 * <p>It sits beside the path, never on it: the bytes reach the recording and the boxes whatever happens here. The
 * source's thread only offers chunks to a short queue (a full queue drops them: metering may miss a moment, the
 * broadcast never waits), and if ffmpeg cannot start or dies, {@link #working()} turns false and the session falls
 * back to "bytes are sound", as before.
 */
final class LevelMeter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LevelMeter.class);
    private static final int RATE = 8000;
    /** 100 ms of 16-bit mono at 8 kHz. */
    private static final int WINDOW_BYTES = RATE / 10 * 2;

    private final Process ffmpeg;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(256);
    private final Clock clock;
    private final int threshold;
    private volatile Instant lastSound;
    private volatile boolean working = true;
    private volatile boolean closed;

    private LevelMeter(Process ffmpeg, Clock clock, double thresholdDb) {
        this.ffmpeg = ffmpeg;
        this.clock = clock;
        this.threshold = (int) Math.round(32768 * Math.pow(10, thresholdDb / 20));
        this.lastSound = clock.instant();
    }

    /** A meter for a source of {@code contentType}; null when ffmpeg cannot be started (bytes count as sound). */
    static LevelMeter start(String ffmpeg, String contentType, Clock clock, double thresholdDb, String name) {
        List<String> command = List.of(
                ffmpeg,
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                contentType.equals("audio/ogg") ? "ogg" : "mp3",
                "-i",
                "pipe:0",
                "-vn",
                "-ac",
                "1",
                "-ar",
                Integer.toString(RATE),
                "-f",
                "s16le",
                "pipe:1");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.warn("Live session {}: no level watch ({}); any bytes count as sound", name, e.getMessage());
            return null;
        }
        LevelMeter meter = new LevelMeter(process, clock, thresholdDb);
        daemon("live-level-in-" + name, meter::feed);
        daemon("live-level-out-" + name, meter::listen);
        return meter;
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** From the source's thread: never blocks. */
    void offer(byte[] chunk) {
        if (working && !closed) {
            queue.offer(chunk);
        }
    }

    /** The last moment the source was louder than the threshold (the meter's start until then). */
    Instant lastSound() {
        return lastSound;
    }

    /** False once the decoder has failed: the caller then goes by bytes. */
    boolean working() {
        return working;
    }

    private void feed() {
        try (OutputStream in = ffmpeg.getOutputStream()) {
            while (!closed) {
                byte[] chunk = queue.poll(500, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    in.write(chunk);
                    in.flush();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                fail("its decoder stopped taking sound: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        byte[] window = new byte[WINDOW_BYTES];
        try (InputStream out = ffmpeg.getInputStream()) {
            while (true) {
                int filled = out.readNBytes(window, 0, window.length);
                if (filled < 2) {
                    break;
                }
                int peak = 0;
                for (int i = 0; i + 1 < filled; i += 2) {
                    int sample = (short) ((window[i] & 0xff) | (window[i + 1] << 8));
                    peak = Math.max(peak, Math.abs(sample));
                }
                if (peak > threshold) {
                    lastSound = clock.instant();
                }
            }
        } catch (IOException e) {
            // the decoder went away; said below
        }
        if (!closed) {
            fail("its decoder ended");
        }
    }

    private void fail(String why) {
        if (working) {
            working = false;
            log.warn("Live level watch: {}; any bytes count as sound from here", why);
        }
    }

    @Override
    public void close() {
        closed = true;
        ffmpeg.destroy();
        try {
            if (!ffmpeg.waitFor(2, TimeUnit.SECONDS)) {
                ffmpeg.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ffmpeg.destroyForcibly();
        }
    }
}
