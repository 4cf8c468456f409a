package org.openloa.protocol;

import java.time.OffsetDateTime;

/**
 * What a box did with an item, as it happens: POST /edge/v1/events takes a JSON array of at most 50. Play
 * logs prove what played once it is over; events tell an emergency's live board where each box stands while
 * it happens. OpenLoa's agent sends them for EMERGENCY items (other boxes may send them for any item); the
 * server stores each id once, so they travel through the same outbox as play logs.
 *
 * @param id     a UUID made by the box when the event happened, stable across re-sends
 * @param itemId the plan item, as in the manifest
 * @param type   what happened
 * @param at     when, by the box's corrected clock
 * @param reason why, for FAILED and LATE; null otherwise
 */
public record ItemEvent(String id, String itemId, Type type, OffsetDateTime at, String reason) {

    public ItemEvent {
        Checks.text(id, "id");
        Checks.text(itemId, "itemId");
        Checks.present(type, "type");
        Checks.present(at, "at");
    }

    /** The steps of an item on a box, in the order they normally come. */
    public enum Type {
        /** The box learned of the item from a manifest (and starts fetching its media if it must). */
        RECEIVED,
        /** Every file the item needs is in the cache and verified: it can play. */
        READY,
        /** It started playing (for an emergency: on air). */
        STARTED,
        /** It stopped playing, for whatever reason (its play logs say how it went). */
        ENDED,
        /** It cannot play: media missing or corrupt, the player failed. */
        FAILED,
        /** It reached the box after its end, so it never aired there. */
        LATE
    }
}
