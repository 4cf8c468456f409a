package org.openloa.edge.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * The server's clock as seen from the box: the local clock plus an estimated skew. The plan is in the
 * server's time, and a board without a battery-backed clock may boot hours off, so everything that
 * decides when to play reads this clock, never the local one.
 */
public final class ServerClock extends Clock {

    private static final Logger LOG = Logger.getLogger(ServerClock.class.getName());

    /**
     * A sample whose round trip is longer than this many times the best recent one (and {@link #SLACK} more)
     * does not move a precise estimate. Above all this keeps out a long poll's answer: the server stamps its
     * serverTime when it answers, at the end of the hold, so "the middle of the round trip" is off by half the
     * hold (a poll held 4.8 s once moved the clock 2.4 s, and the box's item events went out of order).
     */
    private static final int WORSE_THAN_BEST = 3;

    private static final long SLACK = 100;
    /** The best round trip is forgotten after this long, so a changed network can set a new one. */
    private static final Duration BEST_KEPT = Duration.ofMinutes(15);

    private final Clock local;
    private volatile long skewMillis;
    private volatile boolean precise;
    private long bestRoundTripMillis = Long.MAX_VALUE;
    private Instant bestTakenAt = Instant.MIN;

    public ServerClock(Clock local) {
        this.local = local;
    }

    /** The box's own clock, to time requests with. */
    public Clock local() {
        return local;
    }

    /** Server clock minus local clock, in milliseconds. */
    public long skewMillis() {
        return skewMillis;
    }

    /**
     * A millisecond-precise sample: the manifest's serverTime, taken by the server between {@code sent}
     * and {@code received} (local instants). Assumes the middle of the round trip, so the error is at
     * most half of it. Once the estimate is precise, only a sample about as tight as the best recent one
     * moves it (as NTP keeps the sample with the least delay).
     */
    public synchronized void observeServerTime(Instant serverTime, Instant sent, Instant received) {
        long roundTrip = Math.max(0, Duration.between(sent, received).toMillis());
        boolean bestIsOld = Duration.between(bestTakenAt, received).compareTo(BEST_KEPT) > 0;
        if (precise && !bestIsOld && roundTrip > WORSE_THAN_BEST * bestRoundTripMillis + SLACK) {
            return;
        }
        if (roundTrip <= bestRoundTripMillis || bestIsOld) {
            bestRoundTripMillis = roundTrip;
            bestTakenAt = received;
        }
        adopt(serverTime.toEpochMilli() - middle(sent, received), "serverTime");
        precise = true;
    }

    /**
     * A coarse sample from an HTTP Date header, which has whole seconds: the server's time was somewhere
     * in [date, date + 1 s) during the round trip, so the skew is in [date - received, date - sent + 1 s]. It
     * moves the estimate only when the estimate falls outside that range, e.g. before the first manifest or
     * when the box's clock jumped, and then only to the nearest end of it. The middle of the range would be a
     * guess as wide as the round trip: after a long poll held 29 s, a precise estimate 13 ms outside the range
     * (the Date stamped just after a second began) moved the clock 14.5 s ahead, and the box played one slot 15 s
     * early and skipped another as missed.
     */
    public void observeDateHeader(Instant date, Instant sent, Instant received) {
        long low = date.toEpochMilli() - received.toEpochMilli();
        long high = date.toEpochMilli() + 1000 - sent.toEpochMilli();
        long current = skewMillis;
        if (current < low) {
            adopt(low, "Date header");
        } else if (current > high) {
            adopt(high, "Date header");
        }
    }

    private void adopt(long skew, String source) {
        long before = skewMillis;
        skewMillis = skew;
        if (Math.abs(skew - before) >= 1000) {
            LOG.info(() -> "clock: the server is " + skew + " ms ahead of this box (from the " + source + ")");
        }
    }

    private static long middle(Instant sent, Instant received) {
        return sent.toEpochMilli() + (received.toEpochMilli() - sent.toEpochMilli()) / 2;
    }

    @Override
    public Instant instant() {
        return local.instant().plusMillis(skewMillis);
    }

    @Override
    public long millis() {
        return local.millis() + skewMillis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The agent works in instants; a zone changes nothing here. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
