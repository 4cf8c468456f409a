/**
 * The edge agent: the small standalone program on a loudspeaker box that enrols, polls its manifest,
 * caches media, plays on time and reports what it played. Depends on the protocol module only.
 * <p>
 * This package wires the concepts together ({@link org.openloa.edge.EdgeAgent}) and runs the sync
 * loop (poll, commands, heartbeats, outbox delivery); each concept lives in its own sub-package:
 * {@code config}, {@code link}, {@code enrolment}, {@code manifest}, {@code cache}, {@code playback},
 * {@code outbox}, {@code mqtt}.
 */
package org.openloa.edge;
