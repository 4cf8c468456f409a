package org.openloa.cms.access;

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

    public Caller {
        roles = Set.copyOf(roles);
        if (scopePath == null || !scopePath.startsWith("/") || !scopePath.endsWith("/")) {
            throw new IllegalArgumentException("scope path must start and end with '/': " + scopePath);
        }
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean reaches(String areaPath) {
        return areaPath != null && areaPath.startsWith(scopePath);
    }

    public boolean isNational() {
        return NATIONAL_SCOPE.equals(scopePath);
    }
}
