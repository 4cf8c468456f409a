/**
 * Broadcasts, their recurrence in the target area's time zone, the pure plan resolver that turns them
 * into one device's non-overlapping timeline, and conflict detection. Knows nothing of cms or media.
 *
 * <p>Pure Java: no Spring, no database, no Quartz, and no hidden clock or default time zone. Every
 * "now" comes from an injected {@link java.time.Clock}; every local date and time is read in the
 * zone of the area the device sits in.
 *
 * <ul>
 *   <li>{@code schedule}: ONCE and RECURRING schedules, their validation and occurrence expansion.</li>
 *   <li>{@code reach}: devices, targets, and which devices a broadcast reaches.</li>
 *   <li>{@code broadcast}: what is broadcast, at which priority and volume, in which state.</li>
 *   <li>{@code plan}: the plan resolver and the conflict finder.</li>
 * </ul>
 *
 * <p>The rules are written down in {@code docs/scheduling.md}.
 */
package org.openloa.scheduler;
