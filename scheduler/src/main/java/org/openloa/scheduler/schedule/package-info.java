/**
 * When a broadcast airs: a {@link org.openloa.scheduler.schedule.Once} instant or a
 * {@link org.openloa.scheduler.schedule.Recurring} set of local times on matching days, expanded into
 * instants in the zone of the device's area. Local times that a daylight-saving change skips or repeats
 * follow {@link org.openloa.scheduler.schedule.LocalSlots}'s rule.
 */
package org.openloa.scheduler.schedule;
