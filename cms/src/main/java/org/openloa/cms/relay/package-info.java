/**
 * Relay sources: the named live streams (VOV1, the provincial radio…) an area relays. An ADMIN keeps them for the
 * areas they reach; everyone in an area's subtree sees that area's sources and picks one on the broadcast form
 * instead of typing its URL. A source is a convenience: a broadcast keeps its own copy of the URL.
 */
package org.openloa.cms.relay;
