/**
 * Whether this node holds the new manifests of devices whose plans just changed, for those who tell the devices
 * to fetch them (push: the MQTT wake). A box woken before its manifest is built builds it itself against the
 * database; 1,000 of them at once made the manifest the slowest phase of an emergency's time to air
 * (docs/emergency.md, "Time to air").
 */
@NamedInterface("ready")
package org.openloa.cms.edge.ready;

import org.springframework.modulith.NamedInterface;
