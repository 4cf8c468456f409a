/**
 * Broadcasts (lịch phát): approved bulletins in order, or a relayed stream for a slot, aimed at areas and
 * device tags, on a schedule read in the target area's time zone, at a Circular 39 priority. NORMAL content
 * that a province sends to communes is offered to each commune, which accepts or declines it (the inbox);
 * PRIORITY and EMERGENCY content airs everywhere targeted.
 *
 * <p>{@link org.openloa.cms.broadcast.Broadcast} checks its own rules in each change and records what
 * happened; {@link org.openloa.cms.broadcast.Programmes} turns the rows into the scheduler module's values;
 * {@link org.openloa.cms.broadcast.BroadcastService} checks reach and roles, looks up what a change names
 * (approved bulletins, areas), answers with the next occurrences and the conflicts it causes, and publishes
 * {@link org.openloa.cms.broadcast.BroadcastChanged} so that the plans it reaches are redone in the same
 * transaction.
 */
package org.openloa.cms.broadcast;
