/**
 * The agent's link to cms: HTTP calls under /edge/v1 with the device's bearer credential, and the
 * server's clock as the agent estimates it from those calls (serverTime in the manifest, the HTTP
 * Date header of every answer).
 */
package org.openloa.edge.link;
