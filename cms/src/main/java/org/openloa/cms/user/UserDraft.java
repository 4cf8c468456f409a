package org.openloa.cms.user;

import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Role;

/** A new user as an administrator describes them; areaId null means the national level. */
public record UserDraft(String username, String password, String displayName, Set<Role> roles, UUID areaId) {}
