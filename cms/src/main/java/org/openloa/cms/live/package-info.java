/**
 * Live sessions (phát trực tiếp, docs/live.md): a commune officer speaks into a phone or an encoder and the
 * loudspeakers carry it now. A session is a stream broadcast like a relay, so the plan, the manifest, the MQTT
 * wake and the boxes' stream player carry it; what is its own is the source end (the ingest, with credentials per
 * session), the mount (served here for a handful of boxes, or forwarded to Icecast for many), the silence watch,
 * and the recording kept in the archive as a bulletin, approved by nature because it already went out.
 */
package org.openloa.cms.live;
