/**
 * The {@code demo} profile: one province with communes and villages and a user of every role, so a
 * newcomer can look around. Never used in production.
 */
package org.openloa.cms.demo;
