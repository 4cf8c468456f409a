package org.openloa.cms.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that reach the servlet container's error page instead of a controller's advice: an unknown
 * address, a method or format no handler takes, a bare status from a filter. On the machine interfaces
 * (/api, /edge) they are problem+json like every other refusal there, whatever the client accepts; the
 * UI keeps Spring Boot's error page.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
class ErrorAnswers extends BasicErrorController {

    private final ProblemDetails problems;
    private final JsonMapper json;

    ErrorAnswers(
            ErrorAttributes errorAttributes,
            WebProperties web,
            ObjectProvider<ErrorViewResolver> resolvers,
            ProblemDetails problems,
            JsonMapper json) {
        super(errorAttributes, web.getError(), resolvers.orderedStream().toList());
        this.problems = problems;
        this.json = json;
    }

    /** A browser asking an API address for a page still gets the problem, not a page. */
    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        if (!machineInterface(request)) {
            return super.errorHtml(request, response);
        }
        HttpStatus status = getStatus(request);
        Map<String, Object> body = problem(request, status);
        View problemJson = (model, req, res) -> {
            res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            res.setCharacterEncoding("UTF-8");
            json.writeValue(res.getOutputStream(), body);
        };
        ModelAndView answer = new ModelAndView(problemJson);
        answer.setStatus(status);
        return answer;
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        if (!machineInterface(request)) {
            return super.error(request);
        }
        HttpStatus status = getStatus(request);
        // A preset content type is written as is, even to a client that accepts only something else (406).
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(request, status));
    }

    private Map<String, Object> problem(HttpServletRequest request, HttpStatus status) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem;
        if (status.is5xxServerError()) {
            problem = problems.of(status, "internal-error", "problem.internal-error", null, locale);
        } else {
            problem = problems.of(status, "http-" + status.value(), "problem.http." + status.value(), null, locale);
            problem.setDetail(problems.message(
                    "problem.http." + status.value(), null, locale, String.valueOf(problem.getTitle())));
        }
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(URI.create(uri));
        }
        return problems.flat(problem);
    }

    private static boolean machineInterface(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                && (uri.startsWith("/api/") || uri.startsWith("/edge/"));
    }
}
