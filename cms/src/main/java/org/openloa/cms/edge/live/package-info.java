/**
 * How the manifest tells a live session from a relay: both are stream broadcasts to the scheduler, but the boxes
 * get a live session as a LIVE item (docs/edge-protocol.md). The live module answers through
 * {@link org.openloa.cms.edge.live.LiveStreams}; the edge module never reads its tables.
 */
@NamedInterface("live")
package org.openloa.cms.edge.live;

import org.springframework.modulith.NamedInterface;
