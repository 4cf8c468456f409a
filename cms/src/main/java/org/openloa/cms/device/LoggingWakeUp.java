package org.openloa.cms.device;

import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The wake-up when no MQTT broker is configured: devices learn of changes at their next poll. With a broker,
 * the push module's implementation is declared {@code @Primary} and takes over.
 */
@Component
class LoggingWakeUp implements DeviceWakeUp {

    private static final Logger log = LoggerFactory.getLogger(LoggingWakeUp.class);

    @Override
    public void wake(Map<UUID, Long> planVersions, String reason) {
        log.debug("No push channel: {} device(s) will learn of '{}' at their next poll", planVersions.size(), reason);
    }
}
