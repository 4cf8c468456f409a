package org.openloa.cms.device;

import java.time.Instant;

/**
 * A one-time enrolment code as issued, shown once to the person installing the box: only its SHA-256 is kept.
 *
 * @param code      e.g. K7PX-2M9Q-4TRW
 * @param expiresAt after this it is refused
 */
public record EnrolmentCode(String code, Instant expiresAt) {

    /** The code is a secret until used: keep it out of logs. */
    @Override
    public String toString() {
        return "EnrolmentCode[code=***, expiresAt=" + expiresAt + "]";
    }
}
