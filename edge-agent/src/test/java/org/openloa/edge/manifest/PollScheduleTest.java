package org.openloa.edge.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    @RepeatedTest(20)
    void afterASuccessTheNextPollIsTheIntervalWithinTenPercent() {
        PollSchedule schedule = new PollSchedule(new Random());

        assertThat(schedule.afterSuccess(Duration.ofSeconds(60)))
                .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToFiveMinutesAndASuccessResets() {
        PollSchedule schedule = new PollSchedule(new Random(7));
        long[] ceilings = {5, 10, 20, 40, 80, 160, 300, 300};
        for (long ceiling : ceilings) {
            Duration wait = schedule.afterFailure();
            assertThat(wait).isBetween(Duration.ofMillis(ceiling * 500), Duration.ofSeconds(ceiling));
        }
        assertThat(schedule.failures()).isEqualTo(8);

        schedule.afterSuccess(Duration.ofSeconds(60));

        assertThat(schedule.failures()).isZero();
        assertThat(schedule.afterFailure()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
}
