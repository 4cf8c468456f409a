package org.openloa.media.audio;

import java.util.Objects;

/**
 * An upload that is not usable audio. Checked on purpose: every caller must turn it into a clear,
 * localised answer (HTTP 415/422, or a failed job with a reason) rather than a server error.
 */
public final class AudioRefusedException extends Exception {

    private final Refusal reason;

    public AudioRefusedException(Refusal reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The stable reason to localise; the message holds ffmpeg's technical detail, for logs only. */
    public Refusal reason() {
        return reason;
    }
}
