package org.openloa.cms.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** An area's webhook as it is shown: the secret is never shown back, only whether one is set. */
@Schema(name = "NotificationWebhook", description = "Where an area's notifications are also posted")
public record Webhook(
        @Schema(description = "the area") UUID areaId,

        @Schema(description = "the https (or http) URL the JSON is posted to; null when none is set")
        String url,

        @Schema(description = "whether it is posted to") boolean enabled,

        @Schema(description = "whether a secret is set (it is never shown)")
        boolean secretSet,

        @Schema(description = "who last changed it") String updatedBy,
        @Schema(description = "when") Instant updatedAt) {}
