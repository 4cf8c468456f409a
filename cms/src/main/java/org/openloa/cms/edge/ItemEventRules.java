package org.openloa.cms.edge;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.openloa.cms.problem.ProblemException;
import org.openloa.protocol.ItemEvent;

/**
 * What a batch of item events must be before any of it is stored, for POST /edge/v1/events answered by
 * {@link EdgeApi#events} and by its hot path {@link EventsFilter}: one set of rules, two callers.
 */
final class ItemEventRules {

    private ItemEventRules() {}

    /**
     * 422 naming the first entry that breaks a rule: an id that is not a UUID, a reason over 1,000 characters, a
     * time outside the years 2000 to 9999, an item id that is not one or that {@code sent} does not know.
     */
    static void check(List<ItemEvent> events, Predicate<String> sent) {
        for (int i = 0; i < events.size(); i++) {
            ItemEvent event = events.get(i);
            try {
                UUID.fromString(event.id());
            } catch (IllegalArgumentException e) {
                throw ProblemException.rule("invalid-event-id", "[" + i + "].id", "edge.invalid-event-id", i);
            }
            if (event.reason() != null && event.reason().length() > 1000) {
                throw ProblemException.rule("reason-too-long", "[" + i + "].reason", "edge.event-reason-too-long", i);
            }
            if (event.at().getYear() < 2000 || event.at().getYear() > 9999) {
                throw ProblemException.rule("invalid-event-at", "[" + i + "].at", "edge.invalid-event-at", i);
            }
            if (event.itemId().length() > 300
                    || !EdgeApi.ITEM_ID.matcher(event.itemId()).matches()
                    || !sent.test(event.itemId())) {
                throw ProblemException.rule("not-in-plan", "[" + i + "].itemId", "edge.event-not-in-plan", i);
            }
        }
    }
}
