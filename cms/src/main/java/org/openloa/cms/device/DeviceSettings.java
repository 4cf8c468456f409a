package org.openloa.cms.device;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Device enrolment settings.
 *
 * @param enrollmentCodeValidity how long a one-time enrolment code can be used after it is issued
 */
@ConfigurationProperties("openloa.devices")
public record DeviceSettings(Duration enrollmentCodeValidity) {

    public DeviceSettings {
        enrollmentCodeValidity = enrollmentCodeValidity == null ? Duration.ofDays(7) : enrollmentCodeValidity;
    }
}
