package org.openloa.cms.plan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the sweeping jobs run, and how far ahead a plan's version looks. Per-item triggers (the end of a
 * broadcast, the expiry of a bulletin) fire at their own instants and need no setting.
 *
 * @param deviceOffline  how often devices silent for three poll intervals are marked offline
 * @param missedPlays    how often ended EMERGENCY plan items are checked against the play logs; all items are
 *                       checked at most every 5 minutes
 * @param missedPlaysGrace how long after an item ends its play log may still arrive before it counts as missed
 *                       (devices send logs from a durable outbox when their link returns)
 * @param planNotify     how often pending wake-ups are retried (each change also triggers one at once)
 * @param expirySweep    how often a sweep ends overdue broadcasts and bulletins whose trigger was lost
 * @param planHorizon    how far ahead a change is compared to decide whether a device's plan changed
 * @param missedEmergencyGrace like {@code missedPlaysGrace}, for EMERGENCY items: short, so an emergency that
 *                       did not air somewhere shows soon (a box reports its steps with an emergency as they happen)
 */
@ConfigurationProperties("openloa.jobs")
public record JobSettings(
        Duration deviceOffline,
        Duration missedPlays,
        Duration missedPlaysGrace,
        Duration planNotify,
        Duration expirySweep,
        Duration planHorizon,
        Duration missedEmergencyGrace) {

    public JobSettings {
        deviceOffline = deviceOffline == null ? Duration.ofSeconds(30) : deviceOffline;
        missedPlays = missedPlays == null ? Duration.ofMinutes(1) : missedPlays;
        missedPlaysGrace = missedPlaysGrace == null ? Duration.ofMinutes(10) : missedPlaysGrace;
        planNotify = planNotify == null ? Duration.ofMinutes(1) : planNotify;
        expirySweep = expirySweep == null ? Duration.ofHours(1) : expirySweep;
        planHorizon = planHorizon == null ? Duration.ofDays(7) : planHorizon;
        missedEmergencyGrace = missedEmergencyGrace == null ? Duration.ofMinutes(1) : missedEmergencyGrace;
    }
}
