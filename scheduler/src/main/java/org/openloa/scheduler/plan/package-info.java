/**
 * Turning broadcasts into one device's plan: the {@link org.openloa.scheduler.plan.PlanResolver} (a pure
 * function of its inputs and an injected clock) and the {@link org.openloa.scheduler.plan.ConflictFinder}
 * that warns about same-priority overlaps before a broadcast is saved. The placement rules are those of
 * {@code docs/scheduling.md}; {@code Timeline} carries them out.
 */
package org.openloa.scheduler.plan;
