package org.openloa.cms.device;

import java.time.Instant;

/**
 * An agent version operators may install on boxes (table agent_release): the jar's URL (absolute, or relative to
 * the cms, which boxes resolve against their server URL) and its SHA-256, which the box checks before switching.
 */
public record AgentRelease(String version, String url, String sha256, String notes, String addedBy, Instant addedAt) {}
