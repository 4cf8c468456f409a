/**
 * Where each device stands with the items of some broadcasts, as the edge learned it (the manifest that listed
 * an item, the box's item events, its play logs): what an emergency's live board shows.
 */
@NamedInterface("progress")
package org.openloa.cms.edge.progress;

import org.springframework.modulith.NamedInterface;
