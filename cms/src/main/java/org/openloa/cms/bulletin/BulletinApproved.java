package org.openloa.cms.bulletin;

import java.util.UUID;

/** A bulletin may now air: the scheduler reacts to this, the bulletin code never calls it. */
public record BulletinApproved(UUID bulletinId, UUID areaId, Priority priority) {}
