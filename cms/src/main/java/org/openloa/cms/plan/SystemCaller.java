package org.openloa.cms.plan;

import java.util.EnumSet;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;

/** The scheduler acting at the edges of time (a validity ending): national, not a user, cannot log in. */
final class SystemCaller {

    static final Caller SYSTEM =
            new Caller(new UUID(0, 0), "system", EnumSet.of(Role.ADMIN), null, Caller.NATIONAL_SCOPE);

    private SystemCaller() {}
}
