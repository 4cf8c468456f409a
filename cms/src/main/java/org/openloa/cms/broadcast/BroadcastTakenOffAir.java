package org.openloa.cms.broadcast;

import java.time.Instant;
import java.util.UUID;

/**
 * A broadcast was taken off air before its time with a reason of its own (an emergency stopped or corrected, a CAP
 * Cancel): published inside the transaction of the change, so the reason reaches the boxes with the withdrawal.
 */
public record BroadcastTakenOffAir(UUID broadcastId, String reason, Instant at) {}
