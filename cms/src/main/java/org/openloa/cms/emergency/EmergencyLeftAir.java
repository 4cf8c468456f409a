package org.openloa.cms.emergency;

import java.time.Instant;
import java.util.UUID;

/**
 * An emergency left the air for good: stopped by an operator ({@link EmergencyState#STOPPED}, with the reason
 * given) or over because its last airing ended ({@link EmergencyState#ENDED}). Published inside the transaction
 * that changed it, so that what others keep about it (a CAP alert's state) commits with it.
 */
public record EmergencyLeftAir(UUID emergencyId, EmergencyState state, String reason, Instant at) {}
