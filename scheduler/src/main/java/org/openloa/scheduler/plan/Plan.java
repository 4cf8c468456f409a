package org.openloa.scheduler.plan;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.openloa.scheduler.Window;
import org.openloa.scheduler.reach.DeviceId;

/**
 * One device's resolved timeline for a window.
 *
 * @param device     the device
 * @param zone       its area's zone: format {@link PlanItem} instants with it for the API
 * @param window     the window asked for
 * @param resolvedAt when it was resolved, by the resolver's clock. It makes two plans of the same inputs
 *                   unequal; compare {@link #items()} and {@link #unplaced()} to see whether a plan changed
 * @param items      every item that overlaps the window, ordered by start, none overlapping another. An item
 *                   already playing at the window's start is included with its real start
 * @param unplaced   what wanted to start inside the window but is not in the plan, ordered by wanted start
 */
public record Plan(
        DeviceId device,
        ZoneId zone,
        Window window,
        Instant resolvedAt,
        List<PlanItem> items,
        List<Unplaced> unplaced) {

    public Plan {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        items = List.copyOf(items);
        unplaced = List.copyOf(unplaced);
    }
}
