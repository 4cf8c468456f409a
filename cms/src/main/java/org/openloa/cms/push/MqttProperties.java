package org.openloa.cms.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The MQTT broker that wakes devices ({@code openloa.mqtt.*}). Without {@code url} there is no push and devices
 * learn of changes at their next poll.
 *
 * @param url               the broker, e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://mqtt.example.vn:8883}
 * @param username          may be empty
 * @param password          may be empty; never logged nor shown
 * @param clientIdPrefix    each cms node connects as this plus a random suffix: brokers drop the older of two
 *                          connections with one client id, so nodes must not share one
 * @param topicPrefix       the wake topic is {@code {topicPrefix}/{deviceId}/wake}; the stock agent subscribes to
 *                          {@code openloa/devices/{deviceId}/wake}, so change this only behind a broker that maps
 *                          topics (a mount point) or with agents built to match
 * @param connectTimeout    how long connecting, and waiting for the broker's acknowledgement of a wake, may take
 * @param maxReconnectDelay the longest pause between attempts to reconnect (they start at one second and double)
 */
@ConfigurationProperties("openloa.mqtt")
public record MqttProperties(
        String url,
        String username,
        String password,
        String clientIdPrefix,
        String topicPrefix,
        Duration connectTimeout,
        Duration maxReconnectDelay) {

    public MqttProperties {
        url = url == null || url.isBlank() ? null : url.strip();
        username = username == null || username.isEmpty() ? null : username;
        password = password == null || password.isEmpty() ? null : password;
        clientIdPrefix = clientIdPrefix == null || clientIdPrefix.isBlank() ? "openloa-cms-" : clientIdPrefix;
        topicPrefix =
                topicPrefix == null || topicPrefix.isBlank() ? "openloa/devices" : topicPrefix.replaceAll("/+$", "");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        maxReconnectDelay = maxReconnectDelay == null ? Duration.ofSeconds(30) : maxReconnectDelay;
    }

    public boolean configured() {
        return url != null;
    }

    /** The topic that wakes one device. */
    public String wakeTopic(Object deviceId) {
        return topicPrefix + "/" + deviceId + "/wake";
    }

    /** The broker's address as it may be logged and shown: without any user:password@ part. */
    public String safeUrl() {
        return url == null ? null : url.replaceFirst("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
        return "MqttProperties[url=" + safeUrl() + ", username=" + username + ", password="
                + (password == null ? "none" : "******") + ", clientIdPrefix=" + clientIdPrefix + ", topicPrefix="
                + topicPrefix + ", connectTimeout=" + connectTimeout + ", maxReconnectDelay=" + maxReconnectDelay + "]";
    }
}
