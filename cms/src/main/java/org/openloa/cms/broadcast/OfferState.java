package org.openloa.cms.broadcast;

/** A commune's answer to NORMAL content offered from above (Circular 39). */
public enum OfferState {
    PENDING,
    ACCEPTED,
    DECLINED
}
