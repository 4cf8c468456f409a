package org.openloa.protocol;

/**
 * POST /edge/v1/enroll: a box trades the one-time code an administrator got when creating the device
 * for its own credential.
 *
 * @param enrollmentCode the one-time code; it works once
 * @param hardwareId     something stable about the box (machine id, board serial), so the server can
 *                       tell a re-installed box from a new one
 * @param agentVersion   the agent's version, for the device list
 */
public record EnrollRequest(String enrollmentCode, String hardwareId, String agentVersion) {

    public EnrollRequest {
        Checks.text(enrollmentCode, "enrollmentCode");
        Checks.text(hardwareId, "hardwareId");
        Checks.text(agentVersion, "agentVersion");
    }

    /** The code is a secret until used: keep it out of logs. */
    @Override
    public String toString() {
        return "EnrollRequest[enrollmentCode=***, hardwareId=" + hardwareId + ", agentVersion=" + agentVersion + "]";
    }
}
