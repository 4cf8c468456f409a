package org.openloa.cms.notification;

import java.util.UUID;

/**
 * What happened, in the words every channel needs: the kind, where, what it is about and its name, and more
 * words (a reason). Built by {@link Notifier} from an owning module's event.
 *
 * @param onlyFor the one user it concerns (the author of a reviewed bulletin), or null for everyone it reaches
 * @param notFor a user never told (the author of a submitted bulletin), or null
 */
record Happening(
        NotificationKind kind,
        String areaPath,
        String subjectType,
        String subjectId,
        String subject,
        String detail,
        UUID onlyFor,
        UUID notFor) {}
