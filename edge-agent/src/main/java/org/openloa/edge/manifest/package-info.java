/**
 * The manifest: polled with If-None-Match (an unchanged plan costs a 304), read tolerantly (one bad
 * item does not cost the whole plan), and kept on disk so the box plays its plan through an outage
 * and after a restart without the server.
 */
package org.openloa.edge.manifest;
