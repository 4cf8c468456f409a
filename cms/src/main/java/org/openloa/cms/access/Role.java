package org.openloa.cms.access;

/** The roles a user holds in their area and every area below it. */
public enum Role {
    /** areas, users, devices and settings */
    ADMIN,
    /** writes bulletins and submits them */
    EDITOR,
    /** approves or rejects submitted bulletins */
    APPROVER,
    /** runs the commune's programme and devices */
    OPERATOR,
    /** reads only */
    VIEWER;

    public String authority() {
        return "ROLE_" + name();
    }
}
