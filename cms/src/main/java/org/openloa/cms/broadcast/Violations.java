package org.openloa.cms.broadcast;

import java.util.List;
import java.util.Locale;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemException.FieldProblem;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/**
 * The scheduler's broken rules as one 422 problem: its code is the first rule's (END_BEFORE_START becomes
 * "end-before-start"), and every rule becomes a field error with the message keyed by its stable code
 * ({@code scheduling.rule.END_BEFORE_START}).
 */
public final class Violations {

    private Violations() {}

    public static ProblemException problem(RuleViolationException e, String fieldPrefix) {
        return problem(e.violations(), fieldPrefix);
    }

    public static ProblemException problem(List<RuleViolation> violations, String fieldPrefix) {
        List<FieldProblem> fields = violations.stream()
                .map(v -> new FieldProblem(fieldPrefix + v.field(), key(v), new Object[] {v.detail()}))
                .toList();
        RuleViolation first = violations.get(0);
        return new ProblemException(RefusalKind.RULE_BROKEN, code(first), fields, key(first), first.detail());
    }

    static String code(RuleViolation violation) {
        return violation.rule().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String key(RuleViolation violation) {
        return "scheduling.rule." + violation.rule().name();
    }
}
