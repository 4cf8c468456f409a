package org.openloa.cms.notification;

import io.swagger.v3.oas.annotations.media.Schema;

/** A user's choice for one kind: whether they are told at all, and whether by e-mail too. */
@Schema(name = "NotificationPreference", description = "Whether and how the caller is told of one kind")
public record Preference(
        @Schema(description = "the kind") NotificationKind kind,

        @Schema(description = "told at all (in the bell and on the page)")
        boolean enabled,

        @Schema(description = "also by e-mail, when the caller has an address and the server has a mail server")
        boolean byEmail) {

    /** What a user gets before they choose: everything that concerns them, in the UI only. */
    static Preference standard(NotificationKind kind) {
        return new Preference(kind, true, false);
    }
}
