package org.openloa.cms.device;

/**
 * What an operator may ask a device to do (docs/edge-protocol.md, section 2). The names are the protocol's:
 * a box acknowledges a type it does not know without running it.
 */
public enum CommandType {
    /** Poll and report now (heartbeat, outbox). */
    SYNC_NOW,
    /** Set the device volume: args {@code volume} "0".."100"; also becomes the device's volume setting. */
    SET_VOLUME,
    /** Stop what plays now; later items play as planned. */
    STOP,
    /** Acknowledge, then restart the agent. */
    RESTART_AGENT,
    /**
     * Install a registered agent version ({@link AgentReleases}): args {@code version}; the cms adds the jar's
     * {@code url}, {@code sha256} and the {@code trialSeconds} the box gives it before rolling back.
     */
    UPGRADE
}
