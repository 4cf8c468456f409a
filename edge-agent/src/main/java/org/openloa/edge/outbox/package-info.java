/**
 * The outbox: heartbeats and play logs kept on disk, one file per entry written atomically, until the
 * server has answered 2xx for them. Survives kill -9, power cuts and restarts; the server is
 * idempotent by id, so an entry re-sent after a crash between the answer and the delete is stored once.
 */
package org.openloa.edge.outbox;
