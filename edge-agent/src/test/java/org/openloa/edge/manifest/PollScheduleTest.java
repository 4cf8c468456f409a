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

    @RepeatedTest(20)
    void afterAHeldAnswerThePollGoesAgainAtOnceOrWithinASecondNeverInATightLoop() {
        PollSchedule schedule = new PollSchedule(new Random());
        schedule.afterFailure();

        assertThat(schedule.afterHeld(true, Duration.ofSeconds(3))).isZero();
        assertThat(schedule.failures()).isZero();
        assertThat(schedule.afterHeld(false, Duration.ofSeconds(30))).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(schedule.afterHeld(false, Duration.ofMillis(200)))
                .as("a hold ended early: a second after the poll went out at the soonest")
                .isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
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
