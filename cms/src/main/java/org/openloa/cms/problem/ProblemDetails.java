package org.openloa.cms.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds localised problem bodies, for the API advice and for the security filters alike. */
@Component
public class ProblemDetails {

    private static final String TYPE_BASE = "https://openloa.org/problems/";

    private final MessageSource messages;

    ProblemDetails(MessageSource messages) {
        this.messages = messages;
    }

    public ProblemDetail of(HttpStatusCode status, String code, String messageKey, Object[] args, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(message("problem.title." + status.value(), null, locale, problem.getTitle()));
        problem.setDetail(message(messageKey, args, locale, messageKey));
        problem.setProperty("code", code);
        return problem;
    }

    public ProblemDetail of(ProblemException e, Locale locale) {
        ProblemDetail problem = of(ProblemStatus.of(e), e.code(), e.messageKey(), e.args(), locale);
        if (!e.fieldProblems().isEmpty()) {
            problem.setProperty(
                    "errors",
                    e.fieldProblems().stream()
                            .map(f -> Map.of(
                                    "field",
                                    f.field(),
                                    "message",
                                    message(f.messageKey(), f.args(), locale, f.messageKey())))
                            .toList());
        }
        return problem;
    }

    /**
     * The body as problem+json has it, for writing with a plain JSON mapper (which, unlike the MVC
     * converter, would nest the extra properties instead of putting them beside the standard ones).
     */
    public Map<String, Object> flat(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    public void addFieldErrors(ProblemDetail problem, List<Map<String, String>> errors) {
        problem.setProperty("errors", errors);
    }

    public String message(String key, Object[] args, Locale locale, String fallback) {
        return messages.getMessage(key, args, fallback, locale);
    }
}
