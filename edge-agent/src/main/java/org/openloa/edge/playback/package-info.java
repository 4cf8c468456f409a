/**
 * Playback: the scheduler that plays each plan item at its start from verified cached files (an
 * emergency interrupting anything lower), and the players that make sound: an external command such
 * as ffplay, or the file sink that records exactly what it played.
 */
package org.openloa.edge.playback;
