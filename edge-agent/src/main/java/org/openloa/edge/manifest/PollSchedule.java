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
