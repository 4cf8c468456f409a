package org.openloa.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.Priority;

/**
 * Places one device's requests on a single, non-overlapping timeline (docs/scheduling.md, "Placement").
 *
 * <ol>
 *   <li>EMERGENCY items go first, each at its start. Emergencies do not interrupt each other: one that
 *       overlaps an earlier one follows it at once, whatever its allowed delay.</li>
 *   <li>Everything else is placed by one sweep through time, like a playout desk: whenever the device is
 *       free, the best item that is due plays, and plays to its end. Best means higher priority, then
 *       earlier scheduled start, then earlier creation, then smaller id. That is "PRIORITY plays first in
 *       its session" and the same-priority tie-break in one rule. Only an emergency interrupts: the item
 *       is cut at the emergency's start and what is left waits, like any due item, for the device to be
 *       free again.</li>
 *   <li>An item (or remainder) whose start would be later than its allowed delay is not placed but
 *       reported, naming the broadcast that held the device when it became due (for a remainder: the
 *       emergency that cut it).</li>
 * </ol>
 */
final class Timeline {

    /** Earlier scheduled start, then earlier creation, then smaller id: the tie-break between equals. */
    private static final Comparator<Request> BY_START_THEN_BOOKING = Timeline::compareStartThenBooking;

    /** The order in which due items get the device: higher priority first, then the tie-break. */
    static final Comparator<Request> PRECEDENCE = (a, b) -> {
        int order = Integer.compare(b.priority().ordinal(), a.priority().ordinal());
        return order != 0 ? order : compareStartThenBooking(a, b);
    };

    private static final Comparator<Request> BY_WANTED_START = (a, b) -> {
        int order = a.wantedStart.compareTo(b.wantedStart);
        return order != 0 ? order : PRECEDENCE.compare(a, b);
    };

    // Written out rather than chained with Comparator.comparing: this runs for every request of every
    // device, and the chained form boxes and allocates on each call.
    private static int compareStartThenBooking(Request a, Request b) {
        int order = a.occurrence.compareTo(b.occurrence);
        if (order == 0) {
            order = a.broadcast().createdAt().compareTo(b.broadcast().createdAt());
        }
        if (order == 0) {
            order = a.broadcast().id().compareTo(b.broadcast().id());
        }
        return order != 0 ? order : Integer.compare(a.part, b.part);
    }

    final List<PlanItem> items;
    final List<Unplaced> unplaced;

    private Timeline(List<PlanItem> items, List<Unplaced> unplaced) {
        this.items = items;
        this.unplaced = unplaced;
    }

    static Timeline of(List<Request> requests) {
        List<Request> emergencies = new ArrayList<>();
        List<Request> others = new ArrayList<>();
        for (Request request : requests) {
            (request.priority() == Priority.EMERGENCY ? emergencies : others).add(request);
        }
        List<PlanItem> blocks = placeEmergencies(emergencies);
        List<PlanItem> placed = new ArrayList<>(others.size() + 4);
        List<Unplaced> unplaced = new ArrayList<>();
        sweep(others, blocks, placed, unplaced);
        return new Timeline(merge(placed, blocks), unplaced);
    }

    private static List<PlanItem> placeEmergencies(List<Request> emergencies) {
        emergencies.sort(BY_START_THEN_BOOKING);
        List<PlanItem> blocks = new ArrayList<>(emergencies.size());
        Instant free = Instant.MIN;
        for (Request emergency : emergencies) {
            Instant start = later(emergency.wantedStart, free);
            Instant end = start.plus(emergency.length);
            blocks.add(item(emergency, start, end, false));
            free = end;
        }
        return blocks;
    }

    private static void sweep(
            List<Request> arrivals, List<PlanItem> blocks, List<PlanItem> placed, List<Unplaced> unplaced) {
        arrivals.sort(BY_WANTED_START);
        PriorityQueue<Request> due = new PriorityQueue<>(PRECEDENCE);
        Instant now = Instant.MIN;
        int next = 0;
        int block = 0;
        while (true) {
            if (due.isEmpty()) {
                if (next == arrivals.size()) {
                    return;
                }
                now = later(now, arrivals.get(next).wantedStart);
            }
            // The device is not free while an emergency holds it.
            while (block < blocks.size() && !blocks.get(block).end().isAfter(now)) {
                block++;
            }
            while (block < blocks.size() && !blocks.get(block).start().isAfter(now)) {
                now = blocks.get(block).end();
                block++;
            }
            while (next < arrivals.size() && !arrivals.get(next).wantedStart.isAfter(now)) {
                due.add(arrivals.get(next++));
            }
            Request request = due.poll();
            if (request == null) {
                continue;
            }
            if (Duration.between(request.wantedStart, now).compareTo(request.maxDelay()) > 0) {
                Unplaced.Reason reason =
                        request.part == 0 ? Unplaced.Reason.DELAY_EXCEEDED : Unplaced.Reason.NOT_RESUMED;
                unplaced.add(unplaced(request, reason, occupant(request.dueAt, placed, blocks)));
                continue;
            }
            Instant end = now.plus(request.length);
            PlanItem emergency = block < blocks.size() ? blocks.get(block) : null;
            if (emergency != null && emergency.start().isBefore(end)) {
                placed.add(item(request, now, emergency.start(), true));
                due.add(request.remainderAfter(emergency.start(), Duration.between(now, emergency.start())));
                now = emergency.start();
            } else {
                placed.add(item(request, now, end, false));
                now = end;
            }
        }
    }

    private static PlanItem item(Request request, Instant start, Instant end, boolean cut) {
        Broadcast broadcast = request.broadcast();
        return new PlanItem(
                start,
                end,
                broadcast.id(),
                broadcast.priority(),
                broadcast.volume(),
                request.content,
                request.occurrence,
                request.part,
                request.offset,
                cut);
    }

    static Unplaced unplaced(Request request, Unplaced.Reason reason, Optional<BroadcastId> blockedBy) {
        Broadcast broadcast = request.broadcast();
        return new Unplaced(
                broadcast.id(),
                broadcast.priority(),
                request.occurrence,
                request.part,
                request.wantedStart,
                request.length,
                reason,
                blockedBy);
    }

    /** The broadcast holding the device at {@code at}, looked up in both start-ordered lists. */
    private static Optional<BroadcastId> occupant(Instant at, List<PlanItem> placed, List<PlanItem> blocks) {
        PlanItem item = covering(at, placed);
        if (item == null) {
            item = covering(at, blocks);
        }
        return item == null ? Optional.empty() : Optional.of(item.broadcast());
    }

    private static PlanItem covering(Instant at, List<PlanItem> items) {
        int low = 0;
        int high = items.size() - 1;
        PlanItem candidate = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            PlanItem item = items.get(middle);
            if (item.start().isAfter(at)) {
                high = middle - 1;
            } else {
                candidate = item;
                low = middle + 1;
            }
        }
        return candidate != null && candidate.end().isAfter(at) ? candidate : null;
    }

    private static List<PlanItem> merge(List<PlanItem> a, List<PlanItem> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<PlanItem> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size()
                    || (i < a.size() && a.get(i).start().isBefore(b.get(j).start()))) {
                merged.add(a.get(i++));
            } else {
                merged.add(b.get(j++));
            }
        }
        return merged;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
