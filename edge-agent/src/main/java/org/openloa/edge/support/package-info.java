/**
 * The few mechanisms every other package of the agent leans on: JSON, files written atomically,
 * threads (virtual where the runtime has them), a wake-able wait, and log formatting. Nothing here
 * knows about the protocol.
 */
package org.openloa.edge.support;
