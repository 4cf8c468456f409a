package org.openloa.cms.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many refusals of one caller from one address the log takes per minute, so that an attack cannot flood
 * it: the first {@link #PER_MINUTE} are recorded, the next one becomes a single summary, the rest of that
 * minute are dropped. Per node and in memory: exact counts across nodes are not needed to bound the log.
 */
class RefusalLimit {

    static final int PER_MINUTE = 10;
    /** Callers and addresses tracked at once; past it, all further ones share one allowance. */
    static final int MAX_KEYS = 10_000;

    enum Verdict {
        RECORD,
        SUMMARISE,
        DROP
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    RefusalLimit(Clock clock) {
        this.clock = clock;
    }

    Verdict next(String actor, String address) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> w.minute().isBefore(minute));
        }
        String key = windows.size() >= MAX_KEYS ? "*" : actor + "|" + address;
        Window window = windows.merge(
                key,
                new Window(minute, 1),
                (old, first) -> old.minute().equals(minute) ? new Window(minute, old.count() + 1) : first);
        if (window.count() <= PER_MINUTE) {
            return Verdict.RECORD;
        }
        return window.count() == PER_MINUTE + 1 ? Verdict.SUMMARISE : Verdict.DROP;
    }

    private record Window(Instant minute, int count) {}
}
