package org.openloa.cms.user;

import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Role;

/**
 * A change to a user; null fields stay as they are. {@code areaIdSet} tells "move to the national level"
 * (areaId null) apart from "leave the area alone".
 */
public record UserChange(
        String displayName, Set<Role> roles, UUID areaId, boolean areaIdSet, Boolean enabled, String password) {}
