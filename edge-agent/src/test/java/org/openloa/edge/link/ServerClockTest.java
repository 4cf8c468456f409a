package org.openloa.edge.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openloa.edge.testing.MutableClock;

class ServerClockTest {

    static final Instant LOCAL = Instant.parse("2026-11-23T06:00:00Z");

    MutableClock local = new MutableClock(LOCAL);
    ServerClock clock = new ServerClock(local);

    @Test
    void serverTimeSetsTheSkewAssumingTheMiddleOfTheRoundTrip() {
        // The box is 90 s slow: the server said 06:01:30.100 in the middle of a 200 ms round trip.
        clock.observeServerTime(Instant.parse("2026-11-23T06:01:30.100Z"), LOCAL, LOCAL.plusMillis(200));

        assertThat(clock.skewMillis()).isEqualTo(90_000);
        assertThat(clock.instant()).isEqualTo(LOCAL.plusSeconds(90));
    }

    @Test
    void aDateHeaderThatAgreesWithinItsOneSecondLeavesAPreciseEstimateAlone() {
        clock.observeServerTime(LOCAL.plusMillis(90_400), LOCAL, LOCAL.plusMillis(20));

        clock.observeDateHeader(Instant.parse("2026-11-23T06:01:30Z"), LOCAL, LOCAL.plusMillis(20));

        assertThat(clock.skewMillis()).isEqualTo(90_390);
    }

    @Test
    void aDateHeaderCorrectsAClockThatIsFarOff() {
        // Before any manifest, a board that booted without network is an hour behind.
        clock.observeDateHeader(Instant.parse("2026-11-23T07:00:00Z"), LOCAL, LOCAL.plusMillis(100));

        assertThat(clock.skewMillis()).isBetween(3_599_000L, 3_601_000L);
    }

    @Test
    void aDateHeaderAfterALongPollMovesTheEstimateOnlyToTheEdgeOfWhatItProves() {
        // Precise: the box is 33 ms ahead of the server (a manifest's serverTime over a 20 ms round trip).
        clock.observeServerTime(LOCAL.minusMillis(23), LOCAL, LOCAL.plusMillis(20));
        assertThat(clock.skewMillis()).isEqualTo(-33);

        // A poll held 29 s, answered 10 ms after a second began and received 10 ms later: the Date header proves
        // only that the skew is in [-20 ms, 29.98 s]. As found in the cluster test, the middle of that range moved
        // the clock 14.5 s ahead; the nearest end moves it 13 ms.
        Instant sent = LOCAL.plusSeconds(1);
        Instant received = LOCAL.plusSeconds(30).plusMillis(20);
        clock.observeDateHeader(Instant.parse("2026-11-23T06:00:30Z"), sent, received);

        assertThat(clock.skewMillis()).isEqualTo(-20);
    }

    @Test
    void aSlowRoundTripDoesNotMoveAPreciseEstimate() {
        clock.observeServerTime(LOCAL.plusMillis(500), LOCAL, LOCAL.plusMillis(10));

        clock.observeServerTime(LOCAL.plusSeconds(30), LOCAL, LOCAL.plusSeconds(20));

        assertThat(clock.skewMillis()).isEqualTo(495);
    }

    @Test
    void aLongPollAnsweredAtTheEndOfItsHoldDoesNotMoveAPreciseEstimate() {
        // As in EmergencyEndToEndTest: a plain poll timed the clock well; then a poll held 4.8 s was answered
        // with a serverTime stamped when the plan changed, at the end of the hold. Its "middle of the round
        // trip" is 2.4 s off, and once moved the box's clock (and the order of its item events) by that much.
        clock.observeServerTime(LOCAL.plusMillis(5), LOCAL, LOCAL.plusMillis(10));

        clock.observeServerTime(LOCAL.plusMillis(4_800), LOCAL, LOCAL.plusMillis(4_800));

        assertThat(clock.skewMillis()).isZero();
    }

    @Test
    void aSampleAboutAsTightAsTheBestMovesTheEstimate() {
        clock.observeServerTime(LOCAL.plusMillis(5), LOCAL, LOCAL.plusMillis(10));

        clock.observeServerTime(LOCAL.plusMillis(1_030), LOCAL.plusSeconds(1), LOCAL.plusMillis(1_040));

        assertThat(clock.skewMillis()).isEqualTo(10);
    }

    @Test
    void theBestRoundTripIsForgottenAfterAWhileSoASlowerNetworkStillTimesTheClock() {
        clock.observeServerTime(LOCAL.plusMillis(5), LOCAL, LOCAL.plusMillis(10));
        Instant later = LOCAL.plus(java.time.Duration.ofMinutes(20));

        clock.observeServerTime(later.plusMillis(700), later, later.plusMillis(800));

        assertThat(clock.skewMillis()).isEqualTo(300);
    }
}
