package org.openloa.cms.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Throttling of failed logins, per user name and client address.
 *
 * @param maxFailures     failures within the window before logins are refused for a while
 * @param window          failures older than this are forgotten
 * @param lockDuration    the first wait after reaching the limit; each further failure doubles it
 * @param maxLockDuration the longest wait
 */
@ConfigurationProperties("openloa.login")
record LoginThrottleProperties(Integer maxFailures, Duration window, Duration lockDuration, Duration maxLockDuration) {

    LoginThrottleProperties {
        maxFailures = maxFailures == null ? 5 : maxFailures;
        window = window == null ? Duration.ofMinutes(15) : window;
        lockDuration = lockDuration == null ? Duration.ofMinutes(1) : lockDuration;
        maxLockDuration = maxLockDuration == null ? Duration.ofMinutes(15) : maxLockDuration;
    }
}
