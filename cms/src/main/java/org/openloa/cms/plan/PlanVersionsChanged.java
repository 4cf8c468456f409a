package org.openloa.cms.plan;

import java.util.Set;
import java.util.UUID;

/**
 * The plan versions of these devices moved (table device_plan), published inside the transaction that moved
 * them. Listeners that act after the commit (the edge's manifest cache, which drops those devices at once and
 * answers their held polls) see the change on this node without waiting for their next look at device_plan.
 */
public record PlanVersionsChanged(Set<UUID> deviceIds) {

    public PlanVersionsChanged {
        deviceIds = Set.copyOf(deviceIds);
    }
}
