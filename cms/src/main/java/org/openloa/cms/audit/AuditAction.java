package org.openloa.cms.audit;

/**
 * Every action the audit log records, by the code stored in its {@code action} column. The log's page offers
 * each of them in its filter and names each in the reader's language ({@code audit.action.CODE}); a test reads
 * the sources for the codes recorded and fails on one missing here, and on one without words in either language.
 * Callers still pass the code as text, so a row written before a code was renamed stays readable.
 */
public enum AuditAction {
    // Who came in, and who was kept out
    LOGIN,
    LOGIN_FAILED,
    LOGIN_THROTTLED,
    ACCESS_DENIED,
    NOT_FOUND,
    REFUSALS_SUPPRESSED,
    ENROLL_FAILED,
    // Areas, people and their keys
    AREA_CREATED,
    AREA_UPDATED,
    AREA_RETIRED,
    AREA_REINSTATED,
    AREA_IMPORTED,
    AREA_IMPORT_REFUSED,
    AREA_LEVEL_ADDED,
    USER_CREATED,
    USER_UPDATED,
    PASSWORD_CHANGED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    // Bulletins
    CATEGORY_SAVED,
    BULLETIN_CREATED,
    BULLETIN_EDITED,
    BULLETIN_REVISED,
    BULLETIN_SUBMITTED,
    BULLETIN_APPROVED,
    BULLETIN_REJECTED,
    BULLETIN_ARCHIVED,
    BULLETIN_DELETED,
    // Broadcasts
    BROADCAST_CREATED,
    BROADCAST_UPDATED,
    BROADCAST_ENDED,
    BROADCAST_WITHDRAWN,
    BROADCAST_DELETED,
    BROADCAST_ACCEPTED,
    BROADCAST_DECLINED,
    // Devices
    DEVICE_CREATED,
    DEVICE_UPDATED,
    DEVICE_RETIRED,
    DEVICE_ENROLLMENT_CODE,
    DEVICE_ENROLLED,
    DEVICE_OFFLINE,
    DEVICE_COMMAND,
    AGENT_RELEASE_ADDED,
    DEVICE_UPGRADE_ROLLOUT,
    // Emergencies and CAP alerts
    CAP_ALERT_RECEIVED,
    EMERGENCY_RAISED,
    EMERGENCY_UPDATED,
    EMERGENCY_ON_AIR,
    EMERGENCY_STOPPED,
    EMERGENCY_FAILED,
    // relay sources
    RELAY_SOURCE_CREATED,
    RELAY_SOURCE_CHANGED,
    RELAY_SOURCE_DELETED,
    RELAY_FALLBACK_SET,
    RELAY_FALLBACK_CLEARED,
    // notifications
    WEBHOOK_SET,
    WEBHOOK_REMOVED,
    // live sessions (docs/live.md)
    LIVE_CREATED,
    LIVE_ON_AIR,
    LIVE_ENDED;

    /** The message key naming it. */
    public String messageKey() {
        return "audit.action." + name();
    }
}
