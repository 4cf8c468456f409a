package org.openloa.cms.notification.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.notification.Notification;
import org.openloa.cms.notification.NotificationService;
import org.openloa.cms.notification.Preference;
import org.openloa.cms.notification.Webhook;
import org.openloa.cms.problem.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/notifications")
@Tag(
        name = "Notifications",
        description = "What the caller was told of (their own only), their choices, and an area's webhook")
class NotificationApi {

    private final NotificationService notifications;

    NotificationApi(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Schema(name = "NotificationList", description = "The caller's notifications, newest first, and the unread count")
    record Mine(
            @Schema(description = "how many are unread (the bell's number)")
            long unread,

            @Schema(description = "the newest 100 (or the unread ones)")
            List<Notification> items) {}

    @Schema(name = "NotificationPreferences", description = "The caller's choices and e-mail address")
    record Preferences(
            @Schema(description = "where e-mails go; null or empty for none")
            String email,

            @Schema(
                    description = "whether this server sends e-mail at all (a mail server is configured)",
                    accessMode = Schema.AccessMode.READ_ONLY)
            Boolean mailConfigured,

            @Schema(description = "one entry per kind to change; kinds left out keep their choice")
            List<Preference> kinds) {}

    @Schema(name = "NotificationWebhookChange", description = "Sets, changes or (blank url) removes an area's webhook")
    record WebhookChange(
            @Schema(description = "an http(s) URL; blank removes the webhook", requiredMode = REQUIRED)
            String url,

            @Schema(description = "16 to 200 characters that sign each body (HMAC-SHA256); blank keeps the one set")
            String secret,

            @Schema(description = "whether it is posted to; absent means true")
            Boolean enabled) {}

    @GetMapping
    @Operation(summary = "The caller's notifications, newest first")
    Mine mine(@Parameter(description = "only the unread ones") @RequestParam(defaultValue = "false") boolean unread) {
        var caller = CurrentCaller.get();
        return new Mine(notifications.unread(caller), notifications.mine(caller, unread));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Marks one of the caller's notifications read (again is harmless); 404 if not theirs")
    ResponseEntity<Void> read(@PathVariable UUID id) {
        notifications.markRead(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/read-all")
    @Operation(summary = "Marks all the caller's notifications read")
    ResponseEntity<Void> readAll() {
        notifications.markAllRead(CurrentCaller.get());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/preferences")
    @Operation(summary = "The caller's choice for each kind that concerns their roles, and their e-mail address")
    Preferences preferences() {
        var caller = CurrentCaller.get();
        return new Preferences(
                notifications.email(caller).orElse(null),
                notifications.mailConfigured(),
                notifications.preferences(caller));
    }

    @PutMapping("/preferences")
    @Operation(
            summary = "Changes the caller's choices and (when given) e-mail address",
            description = "A kind that does not concern the caller's roles is refused with 422 naming kind; a bad"
                    + " address with 422 naming email. Nothing is changed when anything is refused.")
    Preferences savePreferences(@RequestBody Preferences change) {
        var caller = CurrentCaller.get();
        if (change == null) {
            throw ProblemException.badRequest("body-required", "notification.body-required");
        }
        notifications.savePreferences(caller, change.email(), change.kinds() == null ? List.of() : change.kinds());
        return preferences();
    }

    @GetMapping("/webhooks/{areaId}")
    @Operation(summary = "An area's webhook (ADMIN of the area); the secret is never shown")
    Webhook webhook(@PathVariable UUID areaId) {
        return notifications.webhook(CurrentCaller.get(), areaId);
    }

    @PutMapping("/webhooks/{areaId}")
    @Operation(
            summary = "Sets an area's webhook (ADMIN of the area)",
            description = "Each notification in the area or below is POSTed as JSON, signed: header"
                    + " X-OpenLoa-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>; header"
                    + " X-OpenLoa-Delivery and the body's id let the receiver drop a repeat (delivery is at least"
                    + " once, retried on failure).")
    Webhook saveWebhook(@PathVariable UUID areaId, @RequestBody WebhookChange change) {
        if (change == null) {
            throw ProblemException.badRequest("body-required", "notification.body-required");
        }
        return notifications.saveWebhook(
                CurrentCaller.get(),
                areaId,
                change.url(),
                change.secret(),
                change.enabled() == null || change.enabled());
    }
}
