package org.openloa.edge.enrolment;

import java.util.Objects;

/** The device's identity and bearer secret. Its toString leaves the secret out, so no log can print it. */
public record Credential(String deviceId, String secret) {

    public Credential {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "Credential[deviceId=" + deviceId + ", secret=***]";
    }
}
