package org.openloa.cms.broadcast;

import java.time.Instant;
import java.util.UUID;

/** Filters for listing broadcasts: those airing in an area (null: the caller's) and meeting [from, to). */
public record BroadcastQuery(UUID areaId, Instant from, Instant to) {}
