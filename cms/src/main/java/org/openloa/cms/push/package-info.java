/**
 * Push: tells devices over MQTT to poll now ({@code openloa/devices/{id}/wake}, payload {@code {"reason": …}}),
 * the real adapter of the {@link org.openloa.cms.device.DeviceWakeUp} port.
 *
 * <p>Why a package of its own: push is an optimisation that a deployment may leave out. Devices poll their
 * manifest anyway, so the broker is never on the path of anything that must arrive; this package only shortens
 * the wait for a change (an emergency, a new plan) from one poll interval to a moment. It is switched on by
 * {@code openloa.mqtt.url} alone, depends on {@code device} (the port) and nothing depends on it.
 *
 * <p>The connection is kept open by Spring Integration's Paho v3 client manager, which reconnects in the
 * background; a wake while it is down fails at once instead of waiting for a broker that is not there, is
 * counted, and is retried by the caller's next run. The broker's state is an Actuator health contributor
 * ({@code mqtt}) and the wakes a Micrometer counter ({@code openloa.wake.messages}, tagged outcome=sent|failed).
 */
package org.openloa.cms.push;
