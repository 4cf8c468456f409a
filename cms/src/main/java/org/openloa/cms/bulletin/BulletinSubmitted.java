package org.openloa.cms.bulletin;

import java.util.UUID;

/** A bulletin waits for an approver: those who may decide on it are told (notifications). */
public record BulletinSubmitted(UUID bulletinId, UUID areaId, String areaPath, UUID authorId, String title) {}
