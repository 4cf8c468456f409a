package org.openloa.cms.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.broadcast.OfferMade;
import org.openloa.cms.bulletin.BulletinReviewed;
import org.openloa.cms.bulletin.BulletinSubmitted;
import org.openloa.cms.device.DeviceName;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceWentOffline;
import org.openloa.cms.plan.EmergencyPlayMissed;
import org.openloa.cms.relay.RelaySourceFailed;
import org.openloa.cms.user.Recipients;
import org.openloa.cms.user.Recipients.Recipient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the owning modules' events into notifications. It runs inside the transaction that published the event
 * (a plain listener), so the rows exist exactly when what they tell of was committed; it only writes rows, and
 * {@link Deliveries} sends the e-mails and webhook posts afterwards, so nothing here waits on the network.
 */
@Component
class Notifier {

    /** E-mails and webhook texts are in Vietnamese, the language of the people they go to. */
    static final Locale MAIL_LOCALE = Locale.forLanguageTag("vi");

    private final Recipients recipients;
    private final Inbox inbox;
    private final Outbox outbox;
    private final Webhooks webhooks;
    private final DeviceService devices;
    private final ObjectProvider<JavaMailSender> mail;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;
    private final String publicUrl;

    Notifier(
            Recipients recipients,
            Inbox inbox,
            Outbox outbox,
            Webhooks webhooks,
            DeviceService devices,
            ObjectProvider<JavaMailSender> mail,
            MessageSource messages,
            JsonMapper json,
            Clock clock,
            @Value("${openloa.notifications.public-url:}") String publicUrl) {
        this.recipients = recipients;
        this.inbox = inbox;
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.devices = devices;
        this.mail = mail;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @EventListener
    void on(BulletinSubmitted e) {
        tell(new Happening(
                NotificationKind.BULLETIN_SUBMITTED,
                e.areaPath(),
                "bulletin",
                e.bulletinId().toString(),
                e.title(),
                null,
                null,
                e.authorId()));
    }

    @EventListener
    void on(BulletinReviewed e) {
        tell(new Happening(
                e.approved() ? NotificationKind.BULLETIN_APPROVED : NotificationKind.BULLETIN_REJECTED,
                e.areaPath(),
                "bulletin",
                e.bulletinId().toString(),
                e.title(),
                e.reason(),
                e.authorId(),
                null));
    }

    @EventListener
    void on(OfferMade e) {
        tell(new Happening(
                NotificationKind.OFFER_RECEIVED,
                e.areaPath(),
                "offer",
                e.offerId().toString(),
                e.title(),
                null,
                null,
                null));
    }

    @EventListener
    void on(DeviceWentOffline e) {
        tell(new Happening(
                NotificationKind.DEVICE_OFFLINE,
                e.areaPath(),
                "device",
                e.deviceId().toString(),
                e.name(),
                null,
                null,
                null));
    }

    @EventListener
    void on(EmergencyPlayMissed e) {
        DeviceName name = devices.names(List.of(e.deviceId())).get(e.deviceId());
        tell(new Happening(
                NotificationKind.EMERGENCY_MISSED,
                e.areaPath(),
                "missed",
                e.deviceId().toString(),
                name == null ? e.deviceId().toString() : name.name(),
                e.reported(),
                null,
                null));
    }

    @EventListener
    void on(RelaySourceFailed e) {
        tell(new Happening(
                NotificationKind.RELAY_SOURCE_FAILED,
                e.areaPath(),
                "relay",
                e.broadcastId().toString(),
                e.title(),
                e.problem(),
                null,
                null));
    }

    /** Writes the notification of everyone it concerns, and the outbox rows of its e-mails and webhooks. */
    void tell(Happening what) {
        Instant now = clock.instant();
        String text = text(what, MAIL_LOCALE);
        boolean mailer = mail.getIfAvailable() != null;
        for (Recipient recipient :
                recipients.reaching(what.areaPath(), what.kind().roles())) {
            if (!concerns(what, recipient)) {
                continue;
            }
            Preference choice = inbox.preferences(recipient.userId()).get(what.kind());
            if (!choice.enabled()) {
                continue;
            }
            inbox.add(recipient.userId(), what, now);
            if (choice.byEmail() && mailer && recipient.email() != null) {
                outbox.add(
                        UUID.randomUUID(),
                        Outbox.Channel.EMAIL,
                        recipient.email(),
                        null,
                        "[OpenLoa] " + text,
                        mailBody(what, text),
                        now);
            }
        }
        for (String path : AreaService.pathsAboveOrAt(what.areaPath())) {
            UUID areaId = areaOf(path);
            if (areaId == null) {
                continue;
            }
            webhooks.hook(areaId).filter(Webhooks.Hook::enabled).ifPresent(hook -> {
                UUID id = UUID.randomUUID();
                outbox.add(
                        id,
                        Outbox.Channel.WEBHOOK,
                        areaId.toString(),
                        areaId,
                        text,
                        webhookBody(id, what, text, now),
                        now);
            });
        }
    }

    /** The author is told only of their own bulletin, never of their own submission; an offer only in the commune. */
    private static boolean concerns(Happening what, Recipient recipient) {
        if (what.onlyFor() != null && !what.onlyFor().equals(recipient.userId())) {
            return false;
        }
        if (what.notFor() != null && what.notFor().equals(recipient.userId())) {
            return false;
        }
        // The province that offered a broadcast is not told it arrived: only the commune's own people are.
        return what.kind() != NotificationKind.OFFER_RECEIVED
                || (recipient.areaId() != null && recipient.areaId().equals(areaOf(what.areaPath())));
    }

    String text(Happening what, Locale locale) {
        return messages.getMessage(
                "notification.text." + what.kind().name(),
                new Object[] {what.subject(), what.detail() == null ? "" : what.detail()},
                locale);
    }

    private String link(Happening what) {
        return publicUrl + Notification.linkOf(what.subjectType(), what.subjectId());
    }

    private String mailBody(Happening what, String text) {
        StringBuilder body = new StringBuilder(text).append("\n\n");
        body.append(link(what)).append("\n\n");
        body.append(messages.getMessage("notification.mail.footer", null, MAIL_LOCALE))
                .append('\n');
        return body.toString();
    }

    private String webhookBody(UUID id, Happening what, String text, Instant at) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", what.subjectType());
        subject.put("id", what.subjectId());
        subject.put("name", what.subject());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("kind", what.kind().name());
        body.put("at", at.toString());
        body.put("areaPath", what.areaPath());
        body.put("subject", subject);
        body.put("detail", what.detail());
        body.put("text", text);
        body.put("link", link(what));
        return json.writeValueAsString(body);
    }

    /** The last id of a materialised path ("/p/c/" → c). */
    private static UUID areaOf(String path) {
        String[] parts = path.split("/");
        if (parts.length == 0) {
            return null;
        }
        try {
            return UUID.fromString(parts[parts.length - 1]);
        } catch (IllegalArgumentException notAnArea) {
            return null;
        }
    }
}
