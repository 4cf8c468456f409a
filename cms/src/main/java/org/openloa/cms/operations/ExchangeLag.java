package org.openloa.cms.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * {@code openloa.exchange.lag.seconds}: how far behind the exchange between levels (issue 9) is, as the age of the
 * newest change it has applied, or 0 while nothing was ever exchanged. The exchange calls {@link #applied(Instant)}
 * with the time its newest applied change was made at the other level; the gauge reads the age at each scrape, so
 * an exchange that stops shows a lag that grows.
 */
@Component
public class ExchangeLag {

    static final String METER = "openloa.exchange.lag";

    private final AtomicReference<Instant> newest = new AtomicReference<>();
    private final Clock clock;

    ExchangeLag(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder(METER, this, ExchangeLag::seconds)
                .baseUnit("seconds")
                .description("age of the newest change the exchange between levels has applied")
                .register(registry);
    }

    /** The exchange applied a change made at {@code madeAt}; older reports than the newest are ignored. */
    public void applied(Instant madeAt) {
        newest.accumulateAndGet(madeAt, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    double seconds() {
        Instant at = newest.get();
        return at == null
                ? 0
                : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }
}
