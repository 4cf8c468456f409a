package org.openloa.cms.bulletin;

import java.util.UUID;

/** A bulletin will no longer air. */
public record BulletinArchived(UUID bulletinId) {}
