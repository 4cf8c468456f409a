package org.openloa.cms.broadcast;

import java.util.UUID;

/** A broadcast from above was offered to a commune (TT39 inbox): its operators are told (notifications). */
public record OfferMade(UUID offerId, UUID broadcastId, UUID areaId, String areaPath, String title) {}
