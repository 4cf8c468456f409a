package org.openloa.protocol;

/**
 * The MQTT message on openloa/devices/{deviceId}/wake: poll the manifest now. It carries no plan, so a
 * lost or forged wake costs one poll and nothing more.
 *
 * @param reason      why, for the log, e.g. "plan-changed" or "emergency"
 * @param planVersion the device's plan version the change committed, or null: the woken box sends it back with its
 *                    poll ({@code OpenLoa-Plan-Version}), and a node that already holds that version answers at once
 *                    instead of reading the database first (docs/edge-protocol.md, "Wake-up")
 */
public record Wake(String reason, Long planVersion) {

    public Wake(String reason) {
        this(reason, null);
    }
}
