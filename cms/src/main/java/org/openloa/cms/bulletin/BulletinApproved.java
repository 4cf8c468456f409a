package org.openloa.cms.bulletin;

import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;

/** A bulletin may now air: the scheduler reacts to this, the bulletin code never calls it. */
public record BulletinApproved(UUID bulletinId, UUID areaId, Priority priority) {}
