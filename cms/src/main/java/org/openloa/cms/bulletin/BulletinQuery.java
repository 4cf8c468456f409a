package org.openloa.cms.bulletin;

import java.time.Instant;
import java.util.UUID;

/** Search filters; null means any. {@code q} matches title and body without regard to diacritics. */
public record BulletinQuery(
        String q, BulletinStatus status, UUID areaId, String category, Instant from, Instant to, int page, int size) {}
