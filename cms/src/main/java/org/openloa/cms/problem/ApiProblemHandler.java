package org.openloa.cms.problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every API error as problem+json in the caller's language (Accept-Language, Vietnamese by default),
 * each with a stable {@code code}. Only for REST controllers: the UI renders its own pages.
 */
@RestControllerAdvice(annotations = RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    private final ProblemDetails problems;
    private final MessageSource messages;
    private final String uploadLimit;

    ApiProblemHandler(
            ProblemDetails problems,
            MessageSource messages,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") String uploadLimit) {
        this.problems = problems;
        this.messages = messages;
        this.uploadLimit = uploadLimit;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return ResponseEntity.status(ProblemStatus.of(e)).body(problems.of(e, LocaleContextHolder.getLocale()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return problem(ProblemException.forbidden());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (refusedAsData(e)) {
            // SQLSTATE class 22 ("data exception") is the database refusing a value it was given, e.g. a NUL
            // byte, which PostgreSQL cannot hold in text, in a search term or a name no check of ours covers:
            // the caller's input, not a fault of the server. The transaction rolled back: nothing changed.
            log.info("The database refused a value of an API request as data: {}", e.getMessage());
            return problem(ProblemException.badRequest("value-not-storable", "problem.value-not-storable"));
        }
        log.error("Unexpected error while serving an API request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "problem.internal-error",
                        null,
                        LocaleContextHolder.getLocale()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<ProblemDetail> answer = malformed(ex);
        return ResponseEntity.status(answer.getStatusCode()).body(answer.getBody());
    }

    /** A body that is JSON but not of the expected shape: read by the framework or converted by a controller. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ProblemDetail> malformed(Exception e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException refused) {
                // A value type refused what it was given while the body was read.
                return problem(refused);
            }
        }
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem =
                problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "problem.malformed-request", null, locale);
        JacksonException json = jacksonCause(e);
        String field = json == null ? "" : field(json);
        if (!field.isEmpty()) {
            problems.addFieldErrors(
                    problem,
                    List.of(Map.of(
                            "field", field, "message", problems.message("problem.invalid-value", null, locale, ""))));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        ProblemDetail problem = problems.of(
                HttpStatus.BAD_REQUEST, "invalid-parameter", "problem.invalid-parameter", new Object[] {name}, locale);
        problems.addFieldErrors(
                problem,
                List.of(Map.of(
                        "field",
                        String.valueOf(name),
                        "message",
                        problems.message("problem.invalid-value", null, locale, ""))));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(uploadTooLarge()).getBody());
    }

    /** A multipart body the container could not parse (a broken boundary, a part header it refuses). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedUpload(MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException) {
            return problem(uploadTooLarge());
        }
        return problem(ProblemException.badRequest("malformed-upload", "problem.malformed-upload"));
    }

    private ProblemException uploadTooLarge() {
        return new ProblemException(RefusalKind.TOO_LARGE, "upload-too-large", "problem.upload-too-large", uploadLimit);
    }

    private static boolean refusedAsData(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }

    /** The JSON path of the offending value, as {@code roles[0]} or {@code [2].startedAt}. */
    private static String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem =
                problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "problem.invalid-input", null, locale);
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", messages.getMessage(f, locale)))
                .toList();
        problems.addFieldErrors(problem, errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Framework errors (405, 406, 415, missing parameter…) get the same shape and a stable code.
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            ProblemDetail localised = problems.of(
                    status,
                    "http-" + status.value(),
                    "problem.http." + status.value(),
                    null,
                    LocaleContextHolder.getLocale());
            localised.setDetail(problems.message(
                    "problem.http." + status.value(), null, LocaleContextHolder.getLocale(), problem.getDetail()));
            return new ResponseEntity<>(localised, headers, status);
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
