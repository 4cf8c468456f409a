package org.openloa.cms.live;

/** Where a live session stands. */
public enum LiveState {
    /** Started; no sound has come from its source yet. */
    WAITING,
    /** Its source is heard: its broadcast is on the boxes' manifests. */
    ON_AIR,
    /** Over (ended by a person, by silence, or at its ceiling); its recording becomes a bulletin. */
    ENDED
}
