/**
 * MQTT wake-ups: a subscription to openloa/devices/{deviceId}/wake that makes the agent poll at once.
 * Only an optimisation: with the broker down the agent polls on its interval as before.
 */
package org.openloa.edge.mqtt;
