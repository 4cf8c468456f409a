package org.openloa.protocol;

/**
 * The MQTT message on openloa/devices/{deviceId}/wake: poll the manifest now. It carries no plan, so a
 * lost or forged wake costs one poll and nothing more.
 *
 * @param reason why, for the log, e.g. "plan changed" or "emergency"
 */
public record Wake(String reason) {}
