package org.openloa.cms.device;

import java.util.UUID;

/**
 * Something a device's manifest carries changed without its plan changing: its settings, its commands, its
 * credential (enrolment, revocation). Published in the transaction of the change; the plan package bumps the
 * device's plan version (table device_plan), which is what the manifest's ETag and every cms node's manifest
 * cache follow.
 *
 * @param wake whether the device should poll at once (a new command, new settings); false when the device
 *             itself caused the change (it acknowledged commands, it enrolled)
 */
public record DeviceManifestChanged(UUID deviceId, String reason, boolean wake) {}
