/**
 * Who hears a broadcast: devices as the scheduler sees them (id, zone, the areas they sit under, tags),
 * a broadcast's {@link org.openloa.scheduler.reach.Targets}, and the {@link org.openloa.scheduler.reach.Reach}
 * index that answers "which devices does this reach" fast enough to re-plan only those after a change.
 * Knows nothing of broadcasts themselves, so every other package may depend on it.
 */
package org.openloa.scheduler.reach;
