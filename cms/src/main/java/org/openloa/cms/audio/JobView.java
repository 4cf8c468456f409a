package org.openloa.cms.audio;

import io.swagger.v3.oas.annotations.media.Schema;
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

    public static JobView of(MediaJob job, MessageSource messages) {
        String error = job.errorCode() == null
                ? null
                : messages.getMessage(
                        "media.refusal." + job.errorCode(), null, job.errorCode(), LocaleContextHolder.getLocale());
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
}
