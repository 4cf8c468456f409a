package org.openloa.scheduler.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.openloa.scheduler.Fixtures.broadcast;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

class BroadcastValidationTest {

    @Test
    void aRepeatCountOutsideOneToTwentyIsRefused() {
        assertThat(rulesBroken(() -> broadcast("b").repeat(0).build())).containsExactly(Rule.REPEAT_COUNT_OUT_OF_RANGE);
        assertThat(rulesBroken(() -> broadcast("b").repeat(21).build()))
                .containsExactly(Rule.REPEAT_COUNT_OUT_OF_RANGE);
    }

    @Test
    void aStreamSlotCannotBeRepeated() {
        assertThat(rulesBroken(() -> broadcast("b").stream("https://radio.example/live", 30)
                        .repeat(2)
                        .build()))
                .containsExactly(Rule.STREAM_NOT_REPEATABLE);
    }

    @Test
    void aNegativeAllowedDelayIsRefused() {
        assertThat(rulesBroken(
                        () -> broadcast("b").mayWait(Duration.ofMinutes(-1)).build()))
                .containsExactly(Rule.NEGATIVE_MAX_DELAY);
    }

    @Test
    void volumeMustBeAPercentage() {
        assertThat(rulesBroken(() -> new Volume(101))).containsExactly(Rule.VOLUME_OUT_OF_RANGE);
    }

    @Test
    void anEmptyPlaylistAndAZeroLengthMediaItemAreRefused() {
        assertThat(rulesBroken(() -> new Playlist(List.of()))).containsExactly(Rule.EMPTY_CONTENT);
        assertThat(rulesBroken(() -> new MediaItem(new MediaId("m"), Duration.ZERO)))
                .containsExactly(Rule.NON_POSITIVE_DURATION);
    }

    @Test
    void everyMissingPartIsReportedAtOnce() {
        assertThat(rulesBroken(() -> new Broadcast(
                        new BroadcastId("b"),
                        java.time.Instant.EPOCH,
                        null,
                        1,
                        null,
                        new Volume(50),
                        null,
                        null,
                        BroadcastState.ACTIVE,
                        null,
                        null)))
                .containsExactly(Rule.MISSING_VALUE, Rule.MISSING_VALUE, Rule.MISSING_VALUE, Rule.MISSING_VALUE);
    }

    @Test
    void anOccurrenceLastsTheContentTimesTheRepeatCount() {
        Broadcast twice = broadcast("b").minutesOfMedia(3, 4).repeat(2).build();

        assertThat(twice.occurrenceLength()).isEqualTo(Duration.ofMinutes(14));
    }

    private static List<Rule> rulesBroken(Runnable construction) {
        RuleViolationException e = catchThrowableOfType(RuleViolationException.class, construction::run);
        assertThat(e).as("a RuleViolationException").isNotNull();
        return e.violations().stream().map(RuleViolation::rule).toList();
    }
}
