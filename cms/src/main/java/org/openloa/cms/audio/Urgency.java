package org.openloa.cms.audio;

/** Whose audio it is: routine work (bulletins) waits its turn, an emergency's never waits behind it. */
public enum Urgency {
    ROUTINE,
    EMERGENCY
}
