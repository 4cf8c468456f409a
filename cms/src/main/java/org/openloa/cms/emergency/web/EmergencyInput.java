package org.openloa.cms.emergency.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.emergency.EmergencyContent;
import org.openloa.cms.emergency.EmergencyOrder;
import org.openloa.cms.emergency.EmergencySource;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemException.FieldProblem;
import org.openloa.cms.problem.RefusalKind;

/** What the API and the page take in, as the service's order: the same checks and field names for both. */
final class EmergencyInput {

    private EmergencyInput() {}

    static EmergencyOrder order(
            String title,
            List<EmergencyContent> contents,
            List<UUID> areaIds,
            String endsAt,
            Integer repeatEveryMinutes) {
        return new EmergencyOrder(
                title,
                EmergencySource.OPERATOR,
                contents,
                areaIds == null ? List.of() : areaIds,
                Set.of(),
                null,
                null,
                endsAt(endsAt),
                repeatEveryMinutes == null ? null : Duration.ofMinutes(Math.max(0, repeatEveryMinutes)));
    }

    /** Text to speak or an approved bulletin, exactly one of them; a recording is made by the caller. */
    static List<EmergencyContent> content(String text, String voice, UUID bulletinId) {
        boolean hasText = text != null && !text.isBlank();
        if (hasText && bulletinId != null) {
            throw invalid("bulletinId", "emergency.content-ambiguous");
        }
        if (bulletinId != null) {
            return List.of(new EmergencyContent.Approved(bulletinId));
        }
        if (!hasText) {
            throw invalid("text", "emergency.content-required");
        }
        return List.of(new EmergencyContent.Speech(text, voice == null || voice.isBlank() ? null : voice));
    }

    static OffsetDateTime endsAt(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeException e) {
            throw invalid("endsAt", "emergency.invalid-instant");
        }
    }

    static ProblemException invalid(String field, String key) {
        return new ProblemException(
                RefusalKind.INVALID, "invalid-input", List.of(new FieldProblem(field, key, new Object[0])), key);
    }
}
