/**
 * Devices (cụm thu phát / cụm loa): the loudspeaker clusters and IP radio boxes that plans are made for.
 * A device belongs to one area, carries tags ("market", "school"), a location and settings (volume, poll
 * interval), and is read and changed within the caller's subtree like everything else.
 *
 * <p>What the scheduler needs of a device is its {@link org.openloa.scheduler.reach.DeviceProfile} (its
 * zone, the areas above it, its tags); {@link org.openloa.cms.device.DeviceProfiles} builds them, and every
 * change that alters one publishes a {@link org.openloa.cms.device.DeviceChanged} so the plan is redone for
 * that device only.
 *
 * <p>For the edge API (package {@code edge}), where the device itself is the caller:
 * {@link org.openloa.cms.device.Enrolments} trades a one-time enrolment code (issued by
 * {@link org.openloa.cms.device.DeviceService#issueEnrolmentCode}) for a credential and finds a device by its
 * credential, {@link org.openloa.cms.device.LiveStatus} stores heartbeats, and
 * {@link org.openloa.cms.device.DeviceCommands} holds the commands operators issue until devices acknowledge
 * them. Codes and credentials are kept only as SHA-256 ({@link org.openloa.cms.device.Secrets}). Anything that
 * changes what a device's manifest says without changing its plan publishes
 * {@link org.openloa.cms.device.DeviceManifestChanged}. {@link org.openloa.cms.device.DeviceWakeUp} is the port
 * the MQTT push implements.
 */
package org.openloa.cms.device;
