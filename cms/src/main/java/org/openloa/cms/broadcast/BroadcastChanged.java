package org.openloa.cms.broadcast;

import java.time.Instant;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Broadcast;

/**
 * A broadcast was created, changed, accepted or declined somewhere, ended or deleted: published inside the
 * transaction of the change, with the broadcast as the scheduler saw it before and sees it after, so the plans
 * it reaches, and only those, are redone before the change commits.
 *
 * @param before null when it is new
 * @param after  null when it is deleted
 * @param endsAt when its last occurrence is over (null: no end, or deleted), for the expiry trigger
 */
public record BroadcastChanged(UUID broadcastId, Broadcast before, Broadcast after, Instant endsAt) {}
