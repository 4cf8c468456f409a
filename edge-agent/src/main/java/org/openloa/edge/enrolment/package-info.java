/**
 * Enrolment: the first start trades the one-time enrolment code for the device's credential, which is
 * kept in the data directory readable by the agent's user only and never written to a log.
 */
package org.openloa.edge.enrolment;
