/**
 * The {@code demo} profile: one province with communes and villages, a user of every role, sample bulletins with
 * audio, a daily schedule and simulated loudspeakers (in-process edge agents), so a newcomer sees the system work
 * within minutes. Never used in production.
 */
package org.openloa.cms.demo;
