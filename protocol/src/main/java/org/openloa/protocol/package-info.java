/**
 * The edge protocol spoken between cms and the loudspeaker boxes (/edge/v1): the manifest, its plan
 * items and media references, heartbeats and play logs, as plain records with no Spring and no I/O,
 * so that cms and the edge agent (and other vendors' boxes, through the published schema) agree on
 * one definition.
 */
package org.openloa.protocol;
