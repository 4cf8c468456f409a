package org.openloa.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for what happens in the background (an audio job, another node, a box's poll, an ffmpeg process, the agent's
 * player): asks again until the answer is the awaited one, and fails saying what was awaited once a generous limit has
 * passed. The limit is a give-up for a test that would otherwise hang, never a speed check: how fast something happens
 * belongs in bench/. Every module's tests wait with it (protocol's test-jar).
 */
public final class Await {

    /** Long enough for anything a test waits for on a loaded machine (an ffmpeg job, a cms node's refresh). */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    // the first asks come soon (most waits are short), later ones less often (a slow wait should not load the server)
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    private Await() {}

    /** Waits until {@code condition} holds, for at most {@link #PATIENCE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, PATIENCE, condition);
    }

    /** Waits until {@code condition} holds, for at most {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Reads until what is read is {@code done}, for at most {@code limit}; returns that reading. */
    public static <T> T until(String what, Duration limit, Supplier<T> read, Predicate<? super T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                String lastRead = last instanceof Boolean ? "" : " (last read: " + last + ")";
                throw new AssertionError("waited " + limit.toSeconds() + " s for: " + what + lastRead);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            last = read.get();
        }
        return last;
    }
}
