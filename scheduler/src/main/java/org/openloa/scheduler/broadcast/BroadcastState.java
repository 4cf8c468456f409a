package org.openloa.scheduler.broadcast;

/** Whether a broadcast is airing. */
public enum BroadcastState {
    /** Airs as scheduled. */
    ACTIVE,
    /** Stopped for now by an operator; its occurrences are reported as not aired, so nobody wonders why. */
    PAUSED,
    /** Finished or withdrawn; ignored by the resolver. */
    ENDED
}
