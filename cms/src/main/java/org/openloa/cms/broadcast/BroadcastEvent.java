package org.openloa.cms.broadcast;

/**
 * Something that happened to a broadcast, as the audit log records it.
 *
 * @param action BROADCAST_CREATED, BROADCAST_UPDATED, BROADCAST_ENDED or BROADCAST_DELETED
 * @param detail why, or null for the broadcast's summary as saved
 */
record BroadcastEvent(String action, String detail) {}
