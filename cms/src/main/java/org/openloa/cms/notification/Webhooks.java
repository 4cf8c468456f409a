package org.openloa.cms.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Each area's webhook: where its notifications are also posted, and the secret that signs them. */
@Component
class Webhooks {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 200;
    static final int MAX_URL = 2000;

    /** A hook as the sender needs it, secret included: never leaves this package. */
    record Hook(UUID areaId, String url, String secret, boolean enabled) {}

    private final JdbcTemplate jdbc;

    Webhooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Hook> hook(UUID areaId) {
        return jdbc
                .query(
                        "select area_id, url, secret, enabled from notification_webhook where area_id = ?",
                        (rs, i) -> new Hook(
                                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)),
                        areaId)
                .stream()
                .findFirst();
    }

    Webhook shown(UUID areaId) {
        List<Webhook> rows = jdbc.query(
                "select url, enabled, updated_by, updated_at from notification_webhook where area_id = ?",
                (rs, i) -> new Webhook(
                        areaId,
                        rs.getString(1),
                        rs.getBoolean(2),
                        true,
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()),
                areaId);
        return rows.isEmpty() ? new Webhook(areaId, null, false, false, null, null) : rows.get(0);
    }

    /**
     * Sets, changes or (with a blank URL) removes the hook. A blank secret keeps the one set; a new hook needs one.
     *
     * @throws ProblemException 422 naming {@code url} or {@code secret}
     */
    void save(UUID areaId, String url, String secret, boolean enabled, String actor, Instant at) {
        String cleanUrl = Text.clean(url, "url");
        String cleanSecret = Text.clean(secret, "secret");
        if (cleanUrl == null || cleanUrl.isEmpty()) {
            jdbc.update("delete from notification_webhook where area_id = ?", areaId);
            return;
        }
        checkUrl(cleanUrl);
        Optional<Hook> existing = hook(areaId);
        if (cleanSecret == null || cleanSecret.isEmpty()) {
            if (existing.isEmpty()) {
                throw ProblemException.rule("secret-required", "secret", "notification.webhook.secret-required");
            }
            cleanSecret = existing.get().secret();
        } else if (cleanSecret.length() < MIN_SECRET || cleanSecret.length() > MAX_SECRET) {
            throw ProblemException.rule(
                    "secret-length", "secret", "notification.webhook.secret-length", MIN_SECRET, MAX_SECRET);
        }
        if (existing.isPresent()) {
            jdbc.update(
                    "update notification_webhook set url = ?, secret = ?, enabled = ?, updated_by = ?, updated_at = ?"
                            + " where area_id = ?",
                    cleanUrl,
                    cleanSecret,
                    enabled,
                    actor,
                    Timestamp.from(at),
                    areaId);
        } else {
            jdbc.update(
                    "insert into notification_webhook (area_id, url, secret, enabled, updated_by, updated_at)"
                            + " values (?, ?, ?, ?, ?, ?)",
                    areaId,
                    cleanUrl,
                    cleanSecret,
                    enabled,
                    actor,
                    Timestamp.from(at));
        }
    }

    private static void checkUrl(String url) {
        boolean ok;
        try {
            URI uri = new URI(url);
            ok = uri.isAbsolute()
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getUserInfo() == null
                    && url.length() <= MAX_URL;
        } catch (URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw ProblemException.rule("invalid-url", "url", "notification.webhook.invalid-url");
        }
    }
}
