package org.openloa.cms.problem;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request refused for a reason the caller can act on. {@code code} is stable for programs;
 * {@code messageKey} (with {@code args}) is looked up in the message bundles for people.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String messageKey;
    private final transient Object[] args;
    private final transient List<FieldProblem> fieldProblems;

    public ProblemException(HttpStatus status, String code, String messageKey, Object... args) {
        this(status, code, List.of(), messageKey, args);
    }

    public ProblemException(
            HttpStatus status, String code, List<FieldProblem> fieldProblems, String messageKey, Object... args) {
        super(code + ": " + messageKey);
        this.status = status;
        this.code = code;
        this.messageKey = messageKey;
        this.args = args;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    /** 404: also what a caller gets for something outside their areas, so they cannot learn it exists. */
    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "problem.not-found." + what);
    }

    public static ProblemException forbidden() {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    public static ProblemException conflict(String code, String messageKey, Object... args) {
        return new ProblemException(HttpStatus.CONFLICT, code, messageKey, args);
    }

    /** 422: well-formed input that breaks a rule. */
    public static ProblemException rule(String code, String field, String messageKey, Object... args) {
        return new ProblemException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                code,
                field == null ? List.of() : List.of(new FieldProblem(field, messageKey, args)),
                messageKey,
                args);
    }

    public static ProblemException badRequest(String code, String messageKey, Object... args) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, messageKey, args);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    /** A problem tied to one input field. */
    public record FieldProblem(String field, String messageKey, Object[] args) {}
}
