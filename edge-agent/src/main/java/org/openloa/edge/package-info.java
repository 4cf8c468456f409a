/**
 * The edge agent: the small standalone program on a loudspeaker box that enrols, polls its manifest,
 * caches media, plays on time and reports what it played. Depends on the protocol module only.
 */
package org.openloa.edge;
