package org.openloa.cms.device;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * An agent version operators may install on boxes (table agent_release): the jar's URL (absolute, or relative to
 * the cms, which boxes resolve against their server URL) and its SHA-256, which the box checks before switching.
 */
@Schema(description = "An agent version boxes may be upgraded to")
public record AgentRelease(
        @Schema(description = "the version the agent reports in its heartbeats")
        String version,

        @Schema(description = "where boxes download the jar: http(s), or a path on this cms")
        String url,

        @Schema(description = "the jar's SHA-256 (64 lower-case hex digits); a box refuses other bytes")
        String sha256,

        @Schema(description = "what changed, for operators") String notes,
        @Schema(description = "who registered it") String addedBy,
        @Schema(description = "when it was registered") Instant addedAt) {}
