package org.openloa.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A loudspeaker as the edge tests make one: created by an operator through the API, then enrolled through the edge
 * API with its one-time code, as a box does at its first start.
 *
 * @param id         the device's id
 * @param credential the bearer credential the box was given
 */
public record EnrolledDevice(String id, String credential) {

    /** A device named "Loa …" in the area, enrolled through {@code through} (any node's port). */
    public static EnrolledDevice enrol(Api operator, String areaId, Api through) {
        return enrol(operator, Map.of("name", "Loa " + UUID.randomUUID(), "areaId", areaId), through);
    }

    /** A device with these fields ({@code name}, {@code areaId}, coordinates…), enrolled through {@code through}. */
    public static EnrolledDevice enrol(Api operator, Map<String, Object> device, Api through) {
        Api.Response created = operator.post("/api/v1/devices", new LinkedHashMap<>(device));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response enrolled = through.anonymous()
                .post(
                        "/edge/v1/enroll",
                        Map.of(
                                "enrollmentCode",
                                created.text("enrollmentCode"),
                                "hardwareId",
                                "machine-id:" + UUID.randomUUID(),
                                "agentVersion",
                                "0.1.0"));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        return new EnrolledDevice(created.text("id"), enrolled.text("credential"));
    }

    /** The box's edge API on this port, with its credential. */
    public Api edge(Api port) {
        return port.bearer(credential);
    }
}
