package org.openloa.cms.emergency;

/** Where an emergency came from: an operator's button, or a CAP alert of an upstream authority. */
public enum EmergencySource {
    OPERATOR,
    CAP
}
