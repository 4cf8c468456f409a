package org.openloa.cms.device;

import java.util.Map;
import java.util.UUID;

/**
 * Tells devices to poll now (their plan changed, an emergency starts). Push is an optimisation: a device
 * that misses it still gets everything at its next poll. When an MQTT broker is configured, the push module
 * publishes to openloa/devices/{id}/wake (declared {@code @Primary}); without one, a logging implementation
 * stands in.
 */
public interface DeviceWakeUp {

    /**
     * Asks each device to poll at once, telling it the plan version the change committed (null when not known): its
     * poll sends the version back, and a node that already holds it answers without reading the database first.
     * Throwing makes the caller try again later.
     */
    void wake(Map<UUID, Long> planVersions, String reason);
}
