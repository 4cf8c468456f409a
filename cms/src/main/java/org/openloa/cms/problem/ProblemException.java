package org.openloa.cms.problem;

import java.util.List;

/**
 * A request refused for a reason the caller can act on. {@code kind} says why in the domain's words
 * (the web side picks the HTTP status); {@code code} is stable for programs; {@code messageKey} (with
 * {@code args}) is looked up in the message bundles for people.
 */
public class ProblemException extends RuntimeException {

    private final RefusalKind kind;
    private final String code;
    private final String messageKey;
    private final transient Object[] args;
    private final transient List<FieldProblem> fieldProblems;

    public ProblemException(RefusalKind kind, String code, String messageKey, Object... args) {
        this(kind, code, List.of(), messageKey, args);
    }

    public ProblemException(
            RefusalKind kind, String code, List<FieldProblem> fieldProblems, String messageKey, Object... args) {
        super(code + ": " + messageKey);
        this.kind = kind;
        this.code = code;
        this.messageKey = messageKey;
        this.args = args;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    /** Also what a caller gets for something outside their areas, so they cannot learn it exists. */
    public static ProblemException notFound(String what) {
        return new ProblemException(RefusalKind.NOT_FOUND, "not-found", "problem.not-found." + what);
    }

    public static ProblemException forbidden() {
        return new ProblemException(RefusalKind.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    public static ProblemException conflict(String code, String messageKey, Object... args) {
        return new ProblemException(RefusalKind.CONFLICT, code, messageKey, args);
    }

    /** Well-formed input that breaks a rule. */
    public static ProblemException rule(String code, String field, String messageKey, Object... args) {
        return new ProblemException(
                RefusalKind.RULE_BROKEN,
                code,
                field == null ? List.of() : List.of(new FieldProblem(field, messageKey, args)),
                messageKey,
                args);
    }

    public static ProblemException badRequest(String code, String messageKey, Object... args) {
        return new ProblemException(RefusalKind.INVALID, code, messageKey, args);
    }

    public RefusalKind kind() {
        return kind;
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
