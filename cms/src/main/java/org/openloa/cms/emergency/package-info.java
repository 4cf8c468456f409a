/**
 * Emergencies (phát khẩn cấp): the one thing an operator raises, watches and stops when a storm, a flood or a
 * fire comes. An {@link org.openloa.cms.emergency.Emergency} is built on what exists: its contents become
 * bulletins (spoken text, a recording, or an approved bulletin), approved on this path without the four-eyes
 * queue, and it airs as EMERGENCY broadcasts starting now and repeated until its end. Stopping it takes every
 * broadcast off air with the reason; replacing its content airs the correction at once.
 *
 * <p>{@link org.openloa.cms.emergency.Emergencies} is the module's service (also used by CAP alerts, package
 * {@code alert}); {@link org.openloa.cms.emergency.Board} is where each targeted device stands.
 */
package org.openloa.cms.emergency;
