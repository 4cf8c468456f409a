package org.openloa.cms.notification;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.Recipients;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The module's service for pages and the API: a caller's own notifications and choices, and an area's webhook
 * (ADMIN of the area). A caller only ever reads and marks their own notifications.
 */
@Service
@Transactional
public class NotificationService {

    private final Inbox inbox;
    private final Webhooks webhooks;
    private final Recipients recipients;
    private final AreaService areas;
    private final AuditLog audit;
    private final ObjectProvider<JavaMailSender> mail;
    private final Clock clock;

    NotificationService(
            Inbox inbox,
            Webhooks webhooks,
            Recipients recipients,
            AreaService areas,
            AuditLog audit,
            ObjectProvider<JavaMailSender> mail,
            Clock clock) {
        this.inbox = inbox;
        this.webhooks = webhooks;
        this.recipients = recipients;
        this.areas = areas;
        this.audit = audit;
        this.mail = mail;
        this.clock = clock;
    }

    /** The caller's notifications, newest first (at most {@value Inbox#PAGE}). */
    @Transactional(readOnly = true)
    public List<Notification> mine(Caller caller, boolean unreadOnly) {
        return inbox.of(caller.userId(), unreadOnly);
    }

    /** The bell's number. */
    @Transactional(readOnly = true)
    public long unread(Caller caller) {
        return inbox.unread(caller.userId());
    }

    /** @throws ProblemException 404 when the caller has no such notification (another's is not theirs) */
    public void markRead(Caller caller, UUID id) {
        if (!inbox.markRead(caller.userId(), id, clock.instant())) {
            throw ProblemException.notFound("notification");
        }
    }

    public int markAllRead(Caller caller) {
        return inbox.markAllRead(caller.userId(), clock.instant());
    }

    /** The caller's choice for every kind that concerns their roles. */
    @Transactional(readOnly = true)
    public List<Preference> preferences(Caller caller) {
        return inbox.preferences(caller.userId()).values().stream()
                .filter(p -> p.kind().concerns(caller.roles()))
                .toList();
    }

    /**
     * Saves the choices given (kinds left out keep theirs) and, when {@code email} is not null, the caller's
     * address (blank removes it); all or nothing.
     *
     * @throws ProblemException 422 {@code kind-not-yours} naming kind when a kind does not concern the caller's
     *     roles, 422 {@code invalid-email} naming email
     */
    public List<Preference> savePreferences(Caller caller, String email, Collection<Preference> choices) {
        for (Preference choice : choices) {
            if (choice == null || choice.kind() == null) {
                throw ProblemException.rule("kind-required", "kind", "notification.kind-required");
            }
            if (!choice.kind().concerns(caller.roles())) {
                throw ProblemException.rule("kind-not-yours", "kind", "notification.kind-not-yours", choice.kind());
            }
        }
        if (email != null) {
            recipients.changeOwnEmail(caller, email);
        }
        choices.forEach(choice -> inbox.save(caller.userId(), choice));
        return preferences(caller);
    }

    @Transactional(readOnly = true)
    public Optional<String> email(Caller caller) {
        return recipients.emailOf(caller);
    }

    /** Whether the server can send e-mail at all (spring.mail.host is set). */
    public boolean mailConfigured() {
        return mail.getIfAvailable() != null;
    }

    /** @throws ProblemException 404 outside the caller's areas, 403 for anyone but an ADMIN */
    @Transactional(readOnly = true)
    public Webhook webhook(Caller caller, UUID areaId) {
        return webhooks.shown(adminArea(caller, areaId).id());
    }

    /**
     * Sets an area's webhook; a blank URL removes it, a blank secret keeps the one set.
     *
     * @throws ProblemException 404/403 as {@link #webhook}, 422 naming {@code url} or {@code secret}
     */
    public Webhook saveWebhook(Caller caller, UUID areaId, String url, String secret, boolean enabled) {
        Area area = adminArea(caller, areaId);
        webhooks.save(area.id(), url, secret, enabled, caller.username(), clock.instant());
        Webhook saved = webhooks.shown(area.id());
        // The URL may carry a token of the receiver's: the audit names the area and the state, not the URL.
        audit.record(
                saved.url() == null ? "WEBHOOK_REMOVED" : "WEBHOOK_SET",
                "area",
                area.id().toString(),
                area.path(),
                area.name() + (saved.url() == null ? "" : saved.enabled() ? " (on)" : " (off)"));
        return saved;
    }

    private Area adminArea(Caller caller, UUID areaId) {
        Area area = areas.get(caller, areaId);
        if (!caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden();
        }
        return area;
    }

    /** Every kind's choice (for the page's form), keyed by kind. */
    @Transactional(readOnly = true)
    public Map<NotificationKind, Preference> choices(Caller caller) {
        return inbox.preferences(caller.userId());
    }
}
