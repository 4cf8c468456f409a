package org.openloa.cms.device;

/** A device's connection as the server sees it. */
public enum DeviceStatus {
    /** Created but never heard from (not enrolled yet, or not switched on). */
    NEVER_SEEN,
    /** Heard from within the last three poll intervals. */
    ONLINE,
    /** Silent for three poll intervals or more. */
    OFFLINE,
    /** Taken out of service; its credential is revoked. */
    RETIRED
}
