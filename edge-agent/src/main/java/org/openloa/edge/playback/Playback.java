package org.openloa.edge.playback;

import java.util.concurrent.CompletableFuture;

/** A play under way. */
public interface Playback {

    /** Completes when the play ends by itself, or after {@link #stop()}. */
    CompletableFuture<Ending> ended();

    /** Stops the play and returns once it has stopped. */
    void stop();

    /**
     * For a relay, the stretches in which its source was lost or silent and the fallback played (complete once
     * the play has ended or been stopped); empty for anything else.
     */
    default java.util.List<org.openloa.protocol.PlayLog.Lost> lost() {
        return java.util.List.of();
    }
}
