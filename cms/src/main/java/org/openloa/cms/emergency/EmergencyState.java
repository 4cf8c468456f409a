package org.openloa.cms.emergency;

/**
 * Where an emergency is: PREPARING while its audio is made (speech, a recording being normalised), ON_AIR once
 * its broadcasts exist, then STOPPED (someone took it off air) or ENDED (its last airing is over). FAILED: its
 * audio could not be made, so it never aired.
 */
public enum EmergencyState {
    PREPARING,
    ON_AIR,
    STOPPED,
    ENDED,
    FAILED;

    /** Still going: preparing or on air. */
    public boolean active() {
        return this == PREPARING || this == ON_AIR;
    }
}
