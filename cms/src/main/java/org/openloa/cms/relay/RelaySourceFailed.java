package org.openloa.cms.relay;

import java.time.Instant;
import java.util.UUID;

/**
 * A relay's source failed its probe for a slot (issue 10): published once per slot and target area, when the slot
 * is first found failing (before air, or at its start if it answered before), inside the transaction that records
 * it, so the area's operators can be told (notifications) while there is still time to act.
 *
 * @param areaPath    the target area whose loudspeakers will relay it
 * @param broadcastId the relay broadcast
 * @param title       the broadcast's title
 * @param slotStart   when the slot starts
 * @param problem     the finding in words ("no answer: …", "silent: …")
 */
public record RelaySourceFailed(String areaPath, UUID broadcastId, String title, Instant slotStart, String problem) {}
