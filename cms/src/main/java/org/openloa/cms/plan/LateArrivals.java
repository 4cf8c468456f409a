package org.openloa.cms.plan;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a plan item reached its device only after its end: a box that polled late (no broker, a long poll
 * interval) or reported LATE. Such an item is "arrived late", not "no report", which reads as a box fault. A
 * port: the edge, which knows what it sent each device and what the boxes said, implements it (the plan module
 * must not read the edge's tables, and the edge already depends on the plan).
 */
public interface LateArrivals {

    /** Late, with the box's own reason if it gave one; empty when the item reached the device in time (or never). */
    Optional<Late> late(UUID deviceId, String itemId, Instant plannedEnd);

    record Late(String reason) {}
}
