package org.openloa.cms.alert;

/** What became of a CAP alert. */
public enum AlertState {
    /** Kept and shown, never aired: status Test, Exercise, System or Draft, or msgType Ack or Error. */
    STORED,
    /** Aired as an emergency (msgType Alert, or an Update whose original was not on air). */
    AIRING,
    /** An Update: the emergency of the alert it references now airs this one's content. */
    UPDATED,
    /** A Cancel: the emergency of the alert it references was taken off air. */
    CANCELLED,
    /** An alert that aired and was taken off air: by a later Cancel, or by an operator stopping its emergency. */
    STOPPED,
    /** An alert that aired until its emergency's last airing was over. */
    ENDED,
    /** An Actual alert that would air, but this server has no emergency service to air it with. */
    NOT_AIRED
}
