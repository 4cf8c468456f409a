package org.openloa.cms.audio;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/** A job as the API shows it; {@code error} is for people, {@code errorCode} for programs. */
@Schema(description = "An audio processing job (an upload or text-to-speech)")
public record JobView(
        @Schema(description = "the job's id; GET /api/v1/jobs/{id} follows it")
        UUID id,

        @Schema(description = "the bulletin whose audio it makes")
        UUID bulletinId,

        @Schema(description = "UPLOAD or TTS") String kind,

        @Schema(description = "QUEUED, RUNNING, SUCCEEDED or FAILED")
        String state,

        @Schema(description = "how far it is, 0..1") double progress,

        @Schema(description = "why it failed, stable for programs; null unless FAILED")
        String errorCode,

        @Schema(description = "why it failed, in the caller's language; null unless FAILED")
        String error,

        @Schema(description = "when it was started") Instant createdAt,

        @Schema(description = "when its state or progress last changed")
        Instant updatedAt) {

    /** The job; a refusal for length names the limit ({@code maxDuration}, the server's). */
    public static JobView of(MediaJob job, MessageSource messages, Duration maxDuration) {
        String error = job.errorCode() == null
                ? null
                : messages.getMessage(
                        "media.refusal." + job.errorCode(),
                        refusalArgs(job.errorCode(), maxDuration),
                        job.errorCode(),
                        LocaleContextHolder.getLocale());
        return new JobView(
                job.id(),
                job.bulletinId(),
                job.kind().name(),
                job.state().name(),
                job.progress(),
                job.errorCode(),
                error,
                job.createdAt(),
                job.updatedAt());
    }

    /**
     * What a refusal's message says besides its words: the length limit in whole minutes for TOO_LONG, nothing
     * for the others (their texts are not message formats, so an apostrophe in them stays as written).
     */
    static Object[] refusalArgs(String code, Duration maxDuration) {
        return "TOO_LONG".equals(code) && maxDuration != null
                ? new Object[] {Math.max(1, maxDuration.toMinutes())}
                : new Object[0];
    }
}
