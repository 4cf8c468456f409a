package org.openloa.cms.exchange;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The upstream this instance reports to, if any ({@code openloa.upstream.*}).
 *
 * @param url          the upstream OpenLoa's base URL (e.g. https://loa.tinh.gov.vn); none: this instance has no
 *                     upstream, and neither pulls nor pushes
 * @param token        an API token the upstream issued to a user of the area this instance serves; the areas of
 *                     the two instances are matched by their code. Sent as a bearer token, never logged
 * @param pullInterval how often the upstream's dispatches are pulled (besides each wake-up); default 1 minute
 * @param pushSweep    how often the outbox of figures and emergencies is looked at; default 5 seconds
 * @param retryFirst   the wait after a first failed push, doubled after each further failure; default 10 seconds
 * @param retryMax     the longest wait between two attempts at one push; default 1 hour
 * @param figuresAt    the local time (in the served area's zone) at which yesterday's figures are queued; default
 *                     00:30
 * @param mqttUrl      the upstream's MQTT broker (e.g. tcp://mqtt.trunguong.gov.vn:1883): when set, this instance
 *                     subscribes to the upstream's wake topic and pulls as soon as a dispatch changes there
 *                     (docs/exchange.md, "Woken"); unset: the scheduled pull only
 * @param mqttUsername the broker user the upstream gave this instance; may be empty
 * @param mqttPassword its password; never logged
 */
@ConfigurationProperties("openloa.upstream")
public record UpstreamSettings(
        URI url,
        String token,
        Duration pullInterval,
        Duration pushSweep,
        Duration retryFirst,
        Duration retryMax,
        java.time.LocalTime figuresAt,
        String mqttUrl,
        String mqttUsername,
        String mqttPassword) {

    /** The topic an upstream publishes its wakes on, and its downstream instances subscribe to. */
    public static final String WAKE_TOPIC = "openloa/exchange/wake";

    public UpstreamSettings {
        pullInterval = pullInterval == null ? Duration.ofMinutes(1) : pullInterval;
        pushSweep = pushSweep == null ? Duration.ofSeconds(5) : pushSweep;
        retryFirst = retryFirst == null ? Duration.ofSeconds(10) : retryFirst;
        retryMax = retryMax == null ? Duration.ofHours(1) : retryMax;
        figuresAt = figuresAt == null ? java.time.LocalTime.of(0, 30) : figuresAt;
        mqttUrl = mqttUrl == null || mqttUrl.isBlank() ? null : mqttUrl.strip();
        mqttUsername = mqttUsername == null || mqttUsername.isEmpty() ? null : mqttUsername;
        mqttPassword = mqttPassword == null || mqttPassword.isEmpty() ? null : mqttPassword;
        if (url != null && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("openloa.upstream.token is required with openloa.upstream.url");
        }
    }

    /** Whether an upstream is named. */
    public boolean configured() {
        return url != null;
    }

    /** The upstream's address for a path of its API. */
    URI resolve(String path) {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public String toString() {
        return "UpstreamSettings[url=" + url + ", token=" + (token == null ? "none" : "(set)") + ", pullInterval="
                + pullInterval + ", mqttUrl=" + (mqttUrl == null ? "none" : mqttUrl.replaceFirst("//[^/@]*@", "//"))
                + ", mqttPassword=" + (mqttPassword == null ? "none" : "(set)") + "]";
    }
}
