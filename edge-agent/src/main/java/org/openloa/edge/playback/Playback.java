package org.openloa.edge.playback;

import java.util.concurrent.CompletableFuture;

/** A play under way. */
public interface Playback {

    /** Completes when the play ends by itself, or after {@link #stop()}. */
    CompletableFuture<Ending> ended();

    /** Stops the play and returns once it has stopped. */
    void stop();
}
