package org.openloa.cms.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetriesTest {

    static final Instant FAILED = Instant.parse("2026-12-05T03:00:00Z");

    @Test
    void theWaitDoublesAfterEachFailureUpToTheLongest() {
        Retries retries = Retries.forever(Duration.ofSeconds(10), Duration.ofHours(1));

        assertThat(retries.next(1, FAILED)).isEqualTo(FAILED.plusSeconds(10));
        assertThat(retries.next(2, FAILED)).isEqualTo(FAILED.plusSeconds(20));
        assertThat(retries.next(3, FAILED)).isEqualTo(FAILED.plusSeconds(40));
        assertThat(retries.next(9, FAILED)).isEqualTo(FAILED.plusSeconds(2560));
        assertThat(retries.next(10, FAILED)).isEqualTo(FAILED.plus(Duration.ofHours(1)));
    }

    @Test
    void aRowFailingForMonthsStillWaitsTheLongestNotLessAndNotForever() {
        Retries retries = Retries.forever(Duration.ofSeconds(10), Duration.ofHours(1));

        assertThat(retries.next(10_000, FAILED)).isEqualTo(FAILED.plus(Duration.ofHours(1)));
        assertThat(retries.next(Integer.MAX_VALUE, FAILED)).isEqualTo(FAILED.plus(Duration.ofHours(1)));
    }

    @Test
    void retriesForeverNeverGiveUpAndRetriesUpToNGiveUpAtTheNth() {
        Retries forever = Retries.forever(Duration.ofSeconds(10), Duration.ofHours(1));
        Retries eight = Retries.upTo(8, Duration.ofSeconds(10), Duration.ofHours(1));

        assertThat(forever.givesUp()).isFalse();
        assertThat(forever.exhausted(1_000_000)).isFalse();
        assertThat(eight.givesUp()).isTrue();
        assertThat(eight.exhausted(7)).isFalse();
        assertThat(eight.exhausted(8)).isTrue();
    }

    @Test
    void aLongestShorterThanTheFirstWaitOrNoAttemptAtAllIsRefused() {
        assertThatThrownBy(() -> Retries.forever(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Retries.upTo(0, Duration.ofSeconds(10), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
