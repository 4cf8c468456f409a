package org.openloa.cms.plan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the sweeping jobs run, and how far ahead a plan's version looks. Per-item triggers (the end of a
 * broadcast, the expiry of a bulletin) fire at their own instants and need no setting.
 *
 * @param deviceOffline  how often devices silent for three poll intervals are marked offline
 * @param missedPlays    how often ended plan items are checked against the play logs
 * @param missedPlaysGrace how long after an item ends its play log may still arrive before it counts as missed
 *                       (devices send logs from a durable outbox when their link returns)
 * @param planNotify     how often pending wake-ups are retried (each change also triggers one at once)
 * @param expirySweep    how often a sweep ends overdue broadcasts and bulletins whose trigger was lost
 * @param planHorizon    how far ahead a change is compared to decide whether a device's plan changed
 */
@ConfigurationProperties("openloa.jobs")
public record JobSettings(
        Duration deviceOffline,
        Duration missedPlays,
        Duration missedPlaysGrace,
        Duration planNotify,
        Duration expirySweep,
        Duration planHorizon) {

    public JobSettings {
        deviceOffline = deviceOffline == null ? Duration.ofSeconds(30) : deviceOffline;
        missedPlays = missedPlays == null ? Duration.ofMinutes(5) : missedPlays;
        missedPlaysGrace = missedPlaysGrace == null ? Duration.ofMinutes(10) : missedPlaysGrace;
        planNotify = planNotify == null ? Duration.ofMinutes(1) : planNotify;
        expirySweep = expirySweep == null ? Duration.ofHours(1) : expirySweep;
        planHorizon = planHorizon == null ? Duration.ofDays(7) : planHorizon;
    }
}
