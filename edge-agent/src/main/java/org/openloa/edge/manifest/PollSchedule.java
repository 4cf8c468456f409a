package org.openloa.edge.manifest;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to poll next. After a success: the manifest's interval ±10 %, so thousands of boxes that came
 * up together after a power cut drift apart. After failures: exponential backoff from 5 s up to
 * 5 minutes with "equal jitter" (half fixed, half random), so a recovering server is not stampeded.
 */
public final class PollSchedule {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    private final RandomGenerator random;
    private int failures;

    public PollSchedule(RandomGenerator random) {
        this.random = random;
    }

    public Duration afterSuccess(Duration interval) {
        failures = 0;
        double factor = 0.9 + 0.2 * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(interval.toMillis() * factor)));
    }

    /**
     * After an answer to a poll the server held (long poll): after a new plan, at once; after a 304, with up
     * to a second of jitter, and never sooner than a second after the poll went out, so a server that ends
     * its holds early is not polled in a tight loop.
     *
     * @param took how long the held poll took
     */
    public Duration afterHeld(boolean changed, Duration took) {
        failures = 0;
        if (changed) {
            return Duration.ZERO;
        }
        Duration jitter = Duration.ofMillis((long) (random.nextDouble() * 1000));
        Duration floor = Duration.ofSeconds(1).minus(took);
        return floor.compareTo(jitter) > 0 ? floor : jitter;
    }

    public Duration afterFailure() {
        failures++;
        long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20);
        base = Math.min(base, LONGEST_BACKOFF.toMillis());
        return Duration.ofMillis(base / 2 + (long) (random.nextDouble() * (base / 2)));
    }

    /** Failures in a row since the last success. */
    public int failures() {
        return failures;
    }
}
