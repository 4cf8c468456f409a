package org.openloa.cms.bulletin;

import java.util.UUID;

/**
 * An approver decided on a submitted bulletin: its author is told (notifications). Not published for the
 * emergency path's approval, which nobody reviewed.
 *
 * @param reason why it was rejected; null when approved
 */
public record BulletinReviewed(
        UUID bulletinId,
        UUID areaId,
        String areaPath,
        UUID authorId,
        String title,
        boolean approved,
        String reason,
        String reviewer) {}
