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
 * <p>Enrolment and the edge API come with the edge issue. The table already holds their columns (credential
 * and enrolment code hashes, live status); {@link org.openloa.cms.device.DeviceService#create} is where a
 * one-time enrolment code will be issued, and {@link org.openloa.cms.device.DeviceWakeUp} is the port the
 * MQTT push will implement.
 */
package org.openloa.cms.device;
