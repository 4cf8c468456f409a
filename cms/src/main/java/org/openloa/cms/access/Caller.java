package org.openloa.cms.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated user as the rest of the server sees them.
 *
 * @param scopePath the materialised path of the user's area ("/" for the national level); an area is
 *                  within reach when its own path starts with it
 */
public record Caller(UUID userId, String username, Set<Role> roles, UUID areaId, String scopePath) {

    public static final String NATIONAL_SCOPE = "/";

    /** Who acts for the server itself (seeding, jobs at the edges of time): not a user, cannot log in. */
    private static final UUID SYSTEM_ID = new UUID(0, 0);

    public Caller {
        roles = Set.copyOf(roles);
        if (scopePath == null || !scopePath.startsWith("/") || !scopePath.endsWith("/")) {
            throw new IllegalArgumentException("scope path must start and end with '/': " + scopePath);
        }
    }

    /** The server acting on its own, with every right at the national level. */
    public static Caller system() {
        return new Caller(SYSTEM_ID, "system", EnumSet.of(Role.ADMIN), null, NATIONAL_SCOPE);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean reaches(String areaPath) {
        return areaPath != null && areaPath.startsWith(scopePath);
    }

    /** Whether the caller runs programmes and devices somewhere in their areas: an ADMIN or an OPERATOR. */
    public boolean mayOperate() {
        return has(Role.ADMIN) || has(Role.OPERATOR);
    }

    /** Whether the caller runs programmes and devices in this area: {@link #mayOperate()} and within reach. */
    public boolean mayOperate(String areaPath) {
        return reaches(areaPath) && mayOperate();
    }

    public boolean isNational() {
        return NATIONAL_SCOPE.equals(scopePath);
    }
}
