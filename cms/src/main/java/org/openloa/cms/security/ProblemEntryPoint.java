package org.openloa.cms.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.openloa.cms.problem.ProblemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/** 401, 403 and 429 for API callers, as problem+json in their language. */
class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemDetails problems;
    private final LocaleResolver locales;
    private final JsonMapper json;
    private final Clock clock;

    ProblemEntryPoint(ProblemDetails problems, LocaleResolver locales, JsonMapper json, Clock clock) {
        this.problems = problems;
        this.locales = locales;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LoginThrottledException throttled) {
            long seconds = Math.max(
                    1, Duration.between(clock.instant(), throttled.until()).toSeconds());
            response.setHeader("Retry-After", String.valueOf(seconds));
            write(
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "login-throttled",
                    "problem.login-throttled",
                    new Object[] {seconds});
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"OpenLoa\", Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "problem.unauthenticated", null);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden", null);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String code,
            String key,
            Object[] args)
            throws IOException {
        ProblemDetail problem = problems.of(status, code, key, args, locales.resolveLocale(request));
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // Flattened by hand: the shared mapper does not carry the MVC converter's ProblemDetail mix-in.
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        json.writeValue(response.getOutputStream(), body);
    }
}
