package org.openloa.edge.enrolment;

/** The server said no to the enrolment code (used, unknown, revoked); retrying the same code cannot help. */
public final class EnrolmentRefused extends Exception {

    EnrolmentRefused(String message) {
        super(message);
    }
}
