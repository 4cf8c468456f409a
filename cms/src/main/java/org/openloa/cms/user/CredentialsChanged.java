package org.openloa.cms.user;

import java.util.UUID;

/**
 * A user's password changed (by themself or reset by an administrator): their sessions opened before it
 * end, except the one that made the change.
 */
public record CredentialsChanged(UUID userId, long credentialsVersion) {}
