package org.openloa.protocol;

/**
 * The answer to an enrolment.
 *
 * @param deviceId   the device's id: names its MQTT wake topic, appears in logs
 * @param credential the bearer credential for every later /edge/v1 call; valid only for this device
 */
public record EnrollResponse(String deviceId, String credential) {

    public EnrollResponse {
        Checks.text(deviceId, "deviceId");
        Checks.text(credential, "credential");
    }

    /** A record's toString would print the credential into whatever logs the response. */
    @Override
    public String toString() {
        return "EnrollResponse[deviceId=" + deviceId + ", credential=***]";
    }
}
