package org.openloa.cms.device;

import java.util.UUID;
import org.openloa.scheduler.reach.DeviceProfile;

/**
 * A device was created, moved, retagged or retired: published in the transaction of the change, so the plan
 * of that device, and only that one, is redone before it commits.
 *
 * @param before what the scheduler knew of it; null when it is new
 * @param after  what the scheduler knows of it now; null when it is retired
 */
public record DeviceChanged(UUID deviceId, DeviceProfile before, DeviceProfile after) {}
