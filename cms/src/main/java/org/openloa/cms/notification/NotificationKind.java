package org.openloa.cms.notification;

import java.util.EnumSet;
import java.util.Set;
import org.openloa.cms.access.Role;

/** What a user can be told of, and which roles it concerns (besides the author told of their own bulletin). */
public enum NotificationKind {
    /** A bulletin in the approver's areas waits for a decision (not told to its author). */
    BULLETIN_SUBMITTED(EnumSet.of(Role.APPROVER)),
    /** The editor's bulletin was approved. */
    BULLETIN_APPROVED(EnumSet.of(Role.EDITOR)),
    /** The editor's bulletin was rejected, with the reason. */
    BULLETIN_REJECTED(EnumSet.of(Role.EDITOR)),
    /** A broadcast from above waits in the commune's inbox. */
    OFFER_RECEIVED(EnumSet.of(Role.OPERATOR, Role.ADMIN)),
    /** A box stopped reporting. */
    DEVICE_OFFLINE(EnumSet.of(Role.OPERATOR, Role.ADMIN)),
    /** A box did not play an emergency it was to play. */
    EMERGENCY_MISSED(EnumSet.of(Role.OPERATOR, Role.ADMIN)),
    /** A relay's source failed its check before (or at) a slot (issue 10). */
    RELAY_SOURCE_FAILED(EnumSet.of(Role.OPERATOR, Role.ADMIN));

    private final Set<Role> roles;

    NotificationKind(Set<Role> roles) {
        this.roles = roles;
    }

    /** The roles this kind concerns: only users holding one of them are offered it on their preferences. */
    public Set<Role> roles() {
        return roles;
    }

    /** Whether a user with these roles can receive this kind. */
    public boolean concerns(Set<Role> held) {
        return held.stream().anyMatch(roles::contains);
    }
}
