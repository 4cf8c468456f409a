package org.openloa.cms.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** Something a user was told, as their bell, their page and the API show it. */
@Schema(name = "Notification", description = "Something the caller was told of")
public record Notification(
        @Schema(description = "its id") UUID id,

        @Schema(
                description =
                        "BULLETIN_SUBMITTED, BULLETIN_APPROVED, BULLETIN_REJECTED, OFFER_RECEIVED, DEVICE_OFFLINE,"
                                + " EMERGENCY_MISSED or RELAY_SOURCE_FAILED")
        NotificationKind kind,

        @Schema(description = "the materialised path of the area it happened in")
        String areaPath,

        @Schema(description = "what it is about: bulletin, offer, device")
        String subjectType,

        @Schema(description = "the id of what it is about") String subjectId,

        @Schema(description = "the name of what it is about (a title, a device's name)")
        String subject,

        @Schema(description = "more words: a rejection's reason, what a box reported")
        String detail,

        @Schema(description = "when it happened") Instant createdAt,

        @Schema(description = "when the caller marked it read; null while unread")
        Instant readAt,

        @Schema(description = "the page it is about, relative to the server")
        String link) {

    /** The page a notification leads to. */
    static String linkOf(String subjectType, String subjectId) {
        return switch (subjectType) {
            case "bulletin" -> "/bulletins/" + subjectId;
            case "offer" -> "/broadcasts/inbox";
            case "device" -> "/devices/" + subjectId;
            case "missed" -> "/devices/missed";
            case "relay" -> "/relay-sources";
            default -> "/notifications";
        };
    }

    public boolean unread() {
        return readAt == null;
    }
}
