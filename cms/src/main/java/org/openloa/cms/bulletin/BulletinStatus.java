package org.openloa.cms.bulletin;

public enum BulletinStatus {
    DRAFT,
    SUBMITTED,
    APPROVED,
    REJECTED,
    ARCHIVED
}
