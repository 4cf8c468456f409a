package org.openloa.cms.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * When an outbox tries a failed row again: after {@code first}, doubled after each further failure, never longer
 * than {@code longest}; and after how many attempts it gives up ({@code giveUpAfter}, 0 for never).
 *
 * @param first       the wait after a first failure
 * @param longest     the longest wait between two attempts
 * @param giveUpAfter the attempts after which a row is given up, or 0 to try for as long as it takes
 */
public record Retries(Duration first, Duration longest, int giveUpAfter) {

    public Retries {
        if (first.isNegative() || longest.compareTo(first) < 0 || giveUpAfter < 0) {
            throw new IllegalArgumentException("retries need 0 <= first <= longest and giveUpAfter >= 0");
        }
    }

    /** Tried again until it is taken: the receiver may be away for a week and still get everything. */
    public static Retries forever(Duration first, Duration longest) {
        return new Retries(first, longest, 0);
    }

    /** Given up after this many attempts (the row stays in its table, with its last error). */
    public static Retries upTo(int attempts, Duration first, Duration longest) {
        if (attempts < 1) {
            throw new IllegalArgumentException("a row is tried at least once");
        }
        return new Retries(first, longest, attempts);
    }

    boolean givesUp() {
        return giveUpAfter > 0;
    }

    /** Whether a row that has failed its {@code attempts}-th attempt is given up. */
    boolean exhausted(int attempts) {
        return givesUp() && attempts >= giveUpAfter;
    }

    /** When a row that failed its {@code attempts}-th attempt at {@code failedAt} is tried again. */
    Instant next(int attempts, Instant failedAt) {
        // The shift is bounded so that a row failing for months does not overflow into a negative wait.
        long wait = Math.min(longest.toMillis(), first.toMillis() << Math.min(20, Math.max(0, attempts - 1)));
        return failedAt.plusMillis(wait);
    }
}
