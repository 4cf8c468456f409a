package org.openloa.cms.audio;

import java.time.Instant;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/** A job as the API shows it; {@code error} is for people, {@code errorCode} for programs. */
public record JobView(
        UUID id,
        UUID bulletinId,
        String kind,
        String state,
        double progress,
        String errorCode,
        String error,
        Instant createdAt,
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
