package org.openloa.cms.device;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A box trades its one-time enrolment code for a credential, and later proves who it is with it. For the edge
 * API, where there is no user: the code or the credential is the caller. Both are found by their SHA-256 (the
 * only form stored), and the code is spent with one conditional UPDATE, so two boxes racing with the same code
 * (or two cms nodes serving them) cannot both win.
 */
@Service
@Transactional
public class Enrolments {

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Enrolments(JdbcTemplate jdbc, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The device's new credential (shown once; only its hash is kept; it replaces the previous one). 404 for a
     * code that is unknown, expired or of a retired device; 409 for a code already used.
     */
    public Enrolled enrol(String code, String hardwareId, String agentVersion) {
        String canonical = Secrets.canonicalCode(code);
        if (canonical == null) {
            throw unknownCode();
        }
        String codeHash = Secrets.sha256(canonical);
        List<CodeRow> rows = jdbc.query(
                "select id, area_path, enrollment_expires_at, enrollment_used_at, retired_at"
                        + " from device where enrollment_code_hash = ?",
                (rs, i) -> new CodeRow(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)),
                        instant(rs.getTimestamp(5))),
                codeHash);
        if (rows.isEmpty()) {
            throw unknownCode();
        }
        CodeRow row = rows.get(0);
        Instant now = clock.instant();
        if (row.usedAt() != null) {
            throw codeUsed();
        }
        if (row.retiredAt() != null
                || row.expiresAt() == null
                || !row.expiresAt().isAfter(now)) {
            throw unknownCode();
        }
        String credential = Secrets.newCredential();
        int spent = jdbc.update(
                "update device set credential_hash = ?, enrollment_used_at = ?, enrolled_at = ?,"
                        + " hardware_id = ?, agent_version = ? where id = ? and enrollment_code_hash = ?"
                        + " and enrollment_used_at is null and retired_at is null",
                Secrets.sha256(credential),
                Timestamp.from(now),
                Timestamp.from(now),
                clip(hardwareId, 128),
                clip(agentVersion, 64),
                row.id(),
                codeHash);
        if (spent == 0) {
            throw codeUsed(); // another request spent it a moment ago
        }
        audit.record(
                "DEVICE_ENROLLED", "device", row.id().toString(), row.areaPath(), "hardware " + clip(hardwareId, 128));
        // A replacement box's credential replaces the old box's: caches keyed by credential must forget it.
        events.publishEvent(new DeviceManifestChanged(row.id(), "enrolled", false));
        return new Enrolled(row.id(), credential);
    }

    /** The device in service whose credential has this SHA-256. */
    @Transactional(readOnly = true)
    public Optional<UUID> deviceWithCredential(String credentialHash) {
        return jdbc
                .query(
                        "select id from device where credential_hash = ? and retired_at is null",
                        (rs, i) -> rs.getObject(1, UUID.class),
                        credentialHash)
                .stream()
                .findFirst();
    }

    /** A device's new credential; {@link #toString()} hides it. */
    public record Enrolled(UUID deviceId, String credential) {

        @Override
        public String toString() {
            return "Enrolled[deviceId=" + deviceId + ", credential=***]";
        }
    }

    private record CodeRow(UUID id, String areaPath, Instant expiresAt, Instant usedAt, Instant retiredAt) {}

    private static ProblemException unknownCode() {
        return new ProblemException(RefusalKind.NOT_FOUND, "enrollment-code-unknown", "device.enrollment.code-unknown");
    }

    private static ProblemException codeUsed() {
        return ProblemException.conflict("enrollment-code-used", "device.enrollment.code-used");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String clip(String text, int length) {
        return text == null ? null : text.length() <= length ? text : text.substring(0, length);
    }
}
