/**
 * The server side of the edge protocol (/edge/v1, docs/edge-protocol.md): enrolment, the manifest, media
 * downloads, heartbeats and play logs, for the loudspeaker boxes.
 *
 * <p>Why it looks the way it does: thousands of boxes poll their manifest every minute, and almost every poll
 * is answered "nothing changed". So a device's manifest is a pure function of its plan version (table
 * device_plan, which every change that alters the manifest bumps) and an hour bucket of the clock, and that
 * pair is its ETag. {@link org.openloa.cms.edge.ManifestIndex} keeps, per node, the ETag and the encoded body
 * of each device's current manifest, keyed by the SHA-256 of its credential, and
 * {@link org.openloa.cms.edge.ManifestFilter} answers a poll from it before Spring Security and the
 * DispatcherServlet: no database, no framework. Nodes learn of each other's changes from device_plan, read
 * once a second per node (not per request); the node that commits a change drops its devices at once, after the
 * commit. Everything else takes the ordinary path: a security chain of its own that accepts device credentials
 * only, controllers, problem+json errors.
 *
 * <p>An emergency must reach every online box within seconds even without an MQTT broker, so a box may ask to
 * hold its poll ({@code Prefer: wait=N}): {@link org.openloa.cms.edge.LongPolls} keeps such a poll as a servlet
 * async context, no thread, and answers it the moment the index learns that the device's manifest changed.
 *
 * <p>Nothing here is public: the edge API is reached over HTTP only.
 */
package org.openloa.cms.edge;
