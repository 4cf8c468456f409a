/**
 * Broadcasts taken off air before their end, with the reason: what the manifest's {@code withdrawn[]} tells the
 * boxes, so one playing such an item stops it and logs why. The emergency's stop (and a CAP Cancel) names its
 * reason through {@link org.openloa.cms.edge.withdrawal.Withdrawals#withdraw}; any broadcast deleted or ended
 * early is recorded here on its own with a plain reason.
 */
@NamedInterface("withdrawal")
package org.openloa.cms.edge.withdrawal;

import org.springframework.modulith.NamedInterface;
